/* The explorer's map as a bidirectional Streamlit component (components.v1, path=).
 *
 * Streamlit posts {type: "streamlit:render", args} with args.view (the graph data, the
 * legend, a height) and args.version (changes whenever the view does); a click on a
 * stakeholder, or a choice in the search box, is sent back as the component's value
 * {id, n} (n counts the choices, so choosing the same person again is news too).
 * Redrawing keeps the positions the reader already sees: a click does not re-layout. */
(function () {
  "use strict";

  var version = null;
  var network = null;
  var layout = null;
  var chosen = 0;

  function send(type, extra) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, extra),
                              "*");
  }

  function resize() {
    send("streamlit:setFrameHeight", { height: document.documentElement.scrollHeight });
  }

  function select(id) {
    chosen += 1;
    send("streamlit:setComponentValue", { value: { id: id, n: chosen }, dataType: "json" });
  }

  function render(view) {
    var root = document.getElementById("kam-root");
    var kept = null;
    var camera = null;
    if (network) {
      kept = network.getPositions();
      camera = { position: network.getViewPosition(), scale: network.getScale() };
      network.destroy();
      network = null;
    }
    while (root.firstChild) {
      root.removeChild(root.firstChild);
    }
    var graph = document.createElement("div");
    graph.className = "kam-graph";
    graph.id = "kam-graph";
    graph.appendChild(window.kamGraph.legend(view.legend));
    var canvas = document.createElement("div");
    canvas.className = "kam-canvas";
    canvas.style.height = view.height + "px";
    graph.appendChild(canvas);
    root.appendChild(graph);
    var data = view.data;
    var sameLayout = layout === JSON.stringify(data.options.layout);
    layout = JSON.stringify(data.options.layout);
    // Keep what the reader sees, unless the data places the nodes itself (the tiers).
    var placed = data.nodes.some(function (n) { return n.x !== undefined; });
    var known = kept && sameLayout && !placed &&
      data.nodes.every(function (n) { return kept[n.id]; });
    if (known) {
      data = Object.assign({}, data, {
        nodes: data.nodes.map(function (n) {
          return Object.assign({}, n, { x: kept[n.id].x, y: kept[n.id].y });
        }),
        options: Object.assign({}, data.options, { physics: { enabled: false } }),
        settleTimeoutMs: 1,
        camera: camera,
      });
    }
    network = window.kamGraph.draw(graph, data, { onSelect: select });
    resize();
  }

  window.addEventListener("message", function (event) {
    var message = event.data;
    if (event.source !== window.parent || !message || message.type !== "streamlit:render") {
      return;
    }
    var args = message.args || {};
    window.kamServerMs = args.server_ms;
    window.kamServerCpuMs = args.server_cpu_ms;
    if (args.version !== version && args.view) {
      version = args.version;
      render(args.view);
    }
    resize();
  });
  window.addEventListener("resize", resize);
  send("streamlit:componentReady", { apiVersion: 1 });
})();
