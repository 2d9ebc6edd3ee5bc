/* graphlib_kam explorer graph: draws the data built by graphlib_kam.viz with vis-network.
 * Every user string reaches the page through textContent or the canvas, never innerHTML. */
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

  function draw(root, data) {
    var nodes = new vis.DataSet(withTooltips(data.nodes));
    var edges = new vis.DataSet(withTooltips(data.edges));
    var canvas = root.querySelector(".kam-canvas");
    var network = new vis.Network(canvas, { nodes: nodes, edges: edges }, data.options);
    var settled = false;

    function settle() {
      if (settled) {
        return;
      }
      settled = true;
      // A settled layout must stay still: physics off until the next render.
      network.setOptions({ physics: false });
      network.fit({ animation: false });
      root.setAttribute("data-stabilized", "true");
      window.kamStabilized = true;
    }

    network.once("stabilizationIterationsDone", settle);
    network.once("stabilized", settle);
    window.setTimeout(settle, data.settleTimeoutMs || 15000);

    window.kamNetworks = window.kamNetworks || {};
    window.kamNetworks[root.id] = network;
    window.kamNetwork = network;
    window.kamNodeCount = nodes.length;
    window.kamEdgeCount = edges.length;
    root.setAttribute("data-node-count", String(nodes.length));
    return network;
  }

  window.kamGraph = { draw: draw };
})();
