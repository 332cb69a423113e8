// The Offensive Mittelstand's advisor search for partner websites. Usage:
//   <div data-om-beratersuche data-land="NW" data-thema="energieeffizienz"></div>
//   <script src="https://<OM-Site>/static/js/embed.js" async></script>
// Every data-* attribute except data-om-beratersuche becomes a fixed filter (thema, branche, land,
// produkt, register, sprache, zugang; several values separated by commas). Without JavaScript,
// partners can use an <iframe src="https://<OM-Site>/berater/widget/?land=NW"> directly.
(function () {
  var script = document.currentScript;
  var origin = new URL(script.src).origin;
  var PRESETS = ["thema", "branche", "land", "produkt", "register", "sprache", "zugang"];

  function embed(container) {
    if (container.querySelector("iframe")) return;
    var params = new URLSearchParams();
    PRESETS.forEach(function (key) {
      var value = container.getAttribute("data-" + key);
      if (value) value.split(",").forEach(function (v) { if (v.trim()) params.append(key, v.trim()); });
    });
    var frame = document.createElement("iframe");
    frame.src = origin + "/berater/widget/" + (params.toString() ? "?" + params.toString() : "");
    frame.title = "Beratersuche der Offensive Mittelstand";
    frame.loading = "lazy";
    frame.style.width = "100%";
    frame.style.minHeight = "480px";
    frame.style.border = "0";
    container.appendChild(frame);
    window.addEventListener("message", function (event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      var data = event.data || {};
      if (data.type === "om-beratersuche-hoehe" && typeof data.height === "number") {
        frame.style.height = Math.min(Math.max(data.height, 200), 10000) + "px";
      }
    });
  }

  document.querySelectorAll("[data-om-beratersuche]").forEach(embed);
})();
