// scwres preview: reload this page when the preview has rebuilt it, and show what
// stops the build (or is worth a look) in a banner. Injected into each page the
// preview serves, never into the published site. __VERSION__ is the version the
// page was served at.
(function () {
  var seen = __VERSION__;
  var banner = null;

  function show(state) {
    var lines = [];
    if (state.error) {
      lines.push("The preview could not be rebuilt:\n" + state.error);
    }
    if (state.warnings && state.warnings.length) {
      lines.push(state.warnings.join("\n"));
    }
    if (!lines.length) {
      if (banner) {
        banner.remove();
        banner = null;
      }
      return;
    }
    if (!banner) {
      banner = document.createElement("pre");
      banner.setAttribute("role", "status");
      banner.setAttribute("id", "scwres-preview-banner");
      banner.style.cssText = "position:fixed;bottom:0;left:0;right:0;margin:0;max-height:40vh;overflow:auto;" +
        "padding:0.75rem 1rem;font:0.9rem/1.4 monospace;white-space:pre-wrap;z-index:10000;" +
        "border-top:4px solid #801650;background:#fff;color:#000";
      document.body.appendChild(banner);
    }
    banner.textContent = lines.join("\n\n");
  }

  function poll() {
    fetch("/__scwres__/state", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.version !== seen) {
          window.location.reload();
          return;
        }
        show(state);
        window.setTimeout(poll, 200);
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }

  poll();
})();
