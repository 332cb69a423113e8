// Loaded in <head> without defer, so that the "js" class is set before the page is drawn: small
// screens then start with the menu folded behind its button (without JavaScript it stays open).
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
    // A form sent back with errors: its summary (with links to the fields) is where the eye and the
    // screen reader go first, not the top of a long page.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }
    var toggle = document.querySelector(".menu-toggle");
    var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!menu) {
        return;
    }
    toggle.addEventListener("click", function () {
        var open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        menu.classList.toggle("is-open", open);
    });
});
