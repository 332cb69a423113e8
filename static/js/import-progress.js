// The import page while the worker runs an import: asks for the progress every two seconds and
// shows the finished page once it is done (the page itself shows the same state after a reload).
(function () {
  const section = document.querySelector("[data-import-progress]");
  if (!section) return;
  const bar = section.querySelector("progress");
  const text = section.querySelector("[role=status]");
  async function poll() {
    try {
      const response = await fetch(section.dataset.importProgress, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const state = await response.json();
        if (!state.running) return window.location.reload();
        if (state.total) {
          bar.max = state.total;
          bar.value = state.created;
        }
        text.textContent = state.text;
      }
    } catch (error) {
      // The server is briefly away (a deploy): try again on the next round.
    }
    window.setTimeout(poll, 2000);
  }
  window.setTimeout(poll, 2000);
})();
