/* graphlib_kam explorer graph: draws the data built by graphlib_kam.viz with vis-network.
 * Every user string reaches the page through textContent or the canvas, never innerHTML.
 *
 * Beyond vis-network's own drawing, each stakeholder gets a coverage ring outside the
 * stance border, a badge counting their gaps, and (when selected or on the path) an outer
 * ring; on a big map only the "major" names are written until the reader zooms in.
 * window.kamGraph.draw(root, data, hooks) returns the vis Network; hooks.onSelect(id) is
 * called when a node is clicked or chosen in the search box. */
(function () {
  "use strict";

  function tooltip(lines) {
    var box = document.createElement("div");
    box.className = "kam-tip";
    lines.forEach(function (line, index) {
      var row = document.createElement(index === 0 ? "strong" : "div");
      row.textContent = line;
      box.appendChild(row);
    });
    return box;
  }

  function withTooltips(items) {
    return items.map(function (item) {
      var copy = Object.assign({}, item);
      if (Array.isArray(item.tip) && item.tip.length) {
        copy.title = tooltip(item.tip);
      }
      delete copy.tip;
      return copy;
    });
  }

  function ring(ctx, x, y, radius, style, alpha) {
    ctx.save();
    ctx.globalAlpha = alpha;
    ctx.beginPath();
    ctx.setLineDash(style.dashes || []);
    ctx.lineWidth = style.width;
    ctx.strokeStyle = style.color;
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.restore();
  }

  function badge(ctx, x, y, count, style, alpha) {
    var text = count > 9 ? "9+" : String(count);
    ctx.save();
    ctx.globalAlpha = alpha;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.fillStyle = style.color;
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 1.5;
    ctx.arc(x, y, 8, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = style.text;
    ctx.font = "bold 10px sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, x, y + 0.5);
    ctx.restore();
  }

  function marker(network, marks) {
    var marked = [];
    return {
      collect: function (items) {
        marked = items.filter(function (n) {
          return n.coverage || n.gaps || n.ring;
        }).map(function (n) { return n.id; });
      },
      draw: function (ctx) {
        marked.forEach(function (id) {
          var body = network.body.nodes[id];
          if (!body) {
            return;
          }
          var o = body.options;
          var alpha = o.opacity === undefined ? 1 : o.opacity;
          var data = network.body.data.nodes.get(id);
          var radius = o.size + o.borderWidth / 2 + 1;
          if (data.coverage && marks.coverage[data.coverage]) {
            var style = marks.coverage[data.coverage];
            radius += style.width / 2;
            ring(ctx, body.x, body.y, radius, style, alpha);
            radius += style.width / 2;
          }
          if (data.ring) {
            var sel = marks.selection;
            ring(ctx, body.x, body.y, radius + sel.gap + sel.width / 2,
                 { color: sel.color, width: data.ring === "selected" ? sel.width : sel.width - 2,
                   dashes: [] }, 1);
          }
          if (data.gaps) {
            var at = (o.size + 2) * 0.8;
            badge(ctx, body.x + at, body.y - at, data.gaps, marks.badge, Math.max(alpha, 0.6));
          }
        });
      },
    };
  }

  function searchBox(root, nodes, texts, choose) {
    var box = document.createElement("div");
    box.className = "kam-search";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = texts.placeholder;
    input.setAttribute("aria-label", texts.placeholder);
    var hits = document.createElement("div");
    hits.className = "kam-search-hits";
    box.appendChild(input);
    box.appendChild(hits);
    // n.find is the name, title and department folded on the server (NFKC, lower case).
    var people = nodes.get({ filter: function (n) { return n.side === "customer"; } })
      .map(function (n) {
        return { id: n.id, label: n.label, text: n.find || String(n.label).toLowerCase(),
                 rank: n.rank || 1e9 };
      });
    function matches() {
      var wanted = input.value.normalize("NFKC").toLowerCase().trim();
      if (!wanted) {
        return [];
      }
      // Names that start with the text first, then the most influential.
      return people.filter(function (p) { return p.text.indexOf(wanted) >= 0; })
        .sort(function (a, b) {
          return (b.text.indexOf(wanted) === 0) - (a.text.indexOf(wanted) === 0) ||
            a.rank - b.rank;
        }).slice(0, 8);
    }
    function show() {
      while (hits.firstChild) {
        hits.removeChild(hits.firstChild);
      }
      var found = matches();
      if (input.value.trim() && !found.length) {
        var none = document.createElement("span");
        none.textContent = texts.none;
        hits.appendChild(none);
      }
      found.forEach(function (p) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = p.label;
        button.setAttribute("data-id", p.id);
        button.addEventListener("click", function () { choose(p.id); });
        hits.appendChild(button);
      });
    }
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var found = matches();
        if (found.length) {
          choose(found[0].id);
        }
      }
    });
    root.insertBefore(box, root.querySelector(".kam-canvas"));
    return box;
  }

  function draw(root, data, hooks) {
    hooks = hooks || {};
    var rawNodes = data.nodes;
    var nodes = new vis.DataSet(withTooltips(rawNodes));
    var edges = new vis.DataSet(withTooltips(data.edges));
    var canvas = root.querySelector(".kam-canvas");
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, data.options);
    var settled = false;
    var marks = data.marks ? marker(network, data.marks) : null;
    if (marks) {
      marks.collect(rawNodes);
      network.on("afterDrawing", marks.draw);
    }

    function focusOn(id) {
      if (network.body.nodes[id]) {
        network.selectNodes([id]);
        network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
      }
    }

    function choose(id) {
      focusOn(id);
      if (hooks.onSelect) {
        hooks.onSelect(id);
      }
    }

    function majorNames() {
      // On a big map the major names grow so that they read at the fitted zoom; the
      // others appear once the reader zooms in (vis-network's label drawThreshold).
      var minor = rawNodes.some(function (n) { return n.major === false; });
      if (!minor) {
        return;
      }
      var size = Math.min(240, Math.max(14, Math.ceil(12 / Math.max(network.getScale(), 0.05))));
      nodes.update(rawNodes.filter(function (n) { return n.major; }).map(function (n) {
        return { id: n.id, font: Object.assign({}, n.font || {}, { size: size }) };
      }));
    }

    function settle() {
      if (settled) {
        return;
      }
      settled = true;
      // A settled layout must stay still: physics off until the next render.
      network.setOptions({ physics: false });
      if (data.camera) {
        network.moveTo({ position: data.camera.position, scale: data.camera.scale,
                         animation: false });
      } else {
        network.fit({ animation: false });
      }
      majorNames();
      root.setAttribute("data-stabilized", "true");
      window.kamStabilized = true;
      if (hooks.onSettled) {
        hooks.onSettled(network);
      }
    }

    network.once("stabilizationIterationsDone", settle);
    network.once("stabilized", settle);
    window.setTimeout(settle, data.settleTimeoutMs || 15000);
    network.on("click", function (params) {
      if (params.nodes && params.nodes.length && hooks.onSelect) {
        hooks.onSelect(params.nodes[0]);
      }
    });
    if (data.search) {
      searchBox(root, nodes, data.search, choose);
    }

    window.kamNetworks = window.kamNetworks || {};
    window.kamNetworks[root.id] = network;
    window.kamNetwork = network;
    window.kamNodeCount = nodes.length;
    window.kamEdgeCount = edges.length;
    root.setAttribute("data-node-count", String(nodes.length));
    return network;
  }

  function span(className, text) {
    var element = document.createElement("span");
    element.className = className;
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  // The legend as DOM, the same as graph_page's server-side HTML (for the component).
  function legend(groups) {
    var box = document.createElement("div");
    box.className = "kam-legend";
    groups.forEach(function (group) {
      var part = span("kam-legend-group");
      part.appendChild(span("kam-legend-title", group.title));
      group.items.forEach(function (item) {
        var entry = span("kam-legend-item");
        var swatch;
        if (item.ring) {
          swatch = span("kam-swatch kam-ring");
          swatch.style.background = "#ffffff";
          swatch.style.border = "1px solid #424242";
          swatch.style.outline = "3px " + (item.ring_style || "solid") + " " + item.ring;
          swatch.style.outlineOffset = "1px";
        } else if (item.badge) {
          swatch = span("kam-badge", item.badge);
          swatch.style.background = item.color;
        } else if (item.line) {
          swatch = span("kam-line");
          swatch.style.borderTop = "3px " + (item.dashes ? "dashed" : "solid") + " " + item.color;
        } else {
          swatch = span("kam-swatch" + (item.shape === "diamond" ? " kam-diamond" : ""));
          swatch.style.background = item.color;
          swatch.style.border = (item.border_width || 1) + "px solid " + (item.border || item.color);
        }
        if (item.coverage) {
          entry.setAttribute("data-coverage", item.coverage);
        }
        entry.appendChild(swatch);
        entry.appendChild(document.createTextNode(item.label));
        part.appendChild(entry);
      });
      box.appendChild(part);
    });
    return box;
  }

  window.kamGraph = { draw: draw, legend: legend };
})();
