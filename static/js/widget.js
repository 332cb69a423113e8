// Inside the embedded search: tells the partner page (static/js/embed.js) how tall the content is,
// so that the iframe needs no scrollbar of its own. Only the height is sent, nothing else.
(function () {
  if (window.parent === window) return;
  function report() {
    window.parent.postMessage({ type: "om-beratersuche-hoehe", height: document.documentElement.scrollHeight }, "*");
  }
  window.addEventListener("load", report);
  new ResizeObserver(report).observe(document.body);
})();
