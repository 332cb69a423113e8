// "Profil drucken" on the advisor profile: a button that only exists where JavaScript can print
// (the print stylesheet works with the browser's own print command, too).
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
});
