// The advisor search (/berater/) with JavaScript. Filters, sorting and radius apply at once: the
// page fetches the new result page and swaps in the parts marked data-live, so the filter drawer
// stays open on phones and the count is announced (the heading is a polite live region). On
// phones the filters open as a drawer from a button. Without JavaScript the same form works with
// its own buttons, and the drawer opens through its #filter anchor (CSS :target).
(function () {
    "use strict";
    var form = document.querySelector("form[data-live-search]");
    var drawer = document.getElementById("filter");
    var link = document.querySelector("[data-filter-toggle]");
    if (!form || !drawer || !link || !window.fetch || !window.DOMParser || !window.URLSearchParams) {
        return;
    }
    form.classList.add("is-live");
    form.querySelectorAll("[data-no-js]").forEach(function (button) { button.hidden = true; });

    // The drawer: a real button with aria-expanded instead of the fallback link.
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = link.className;
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", drawer.id);
    while (link.firstChild) {
        toggle.appendChild(link.firstChild);
    }
    link.replaceWith(toggle);
    var heading = document.getElementById("filter-titel");
    heading.tabIndex = -1;

    function setOpen(open) {
        drawer.classList.toggle("is-open", open);
        document.body.classList.toggle("has-open-filter", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        (open ? heading : toggle).focus();
    }
    toggle.addEventListener("click", function () { setOpen(!drawer.classList.contains("is-open")); });
    drawer.addEventListener("click", function (event) {
        if (event.target.closest("[data-filter-close]")) {
            event.preventDefault();
            setOpen(false);
        }
    });
    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && drawer.classList.contains("is-open")) {
            setOpen(false);
        }
    });

    // Applying without a button.
    var pending = null;
    function currentUrl() {
        var params = new URLSearchParams(new FormData(form));
        return window.location.pathname + "?" + params.toString();
    }
    function refocus(name, value, id) {
        var again = null;
        if (name) {
            form.querySelectorAll("[name]").forEach(function (field) {
                if (!again && field.name === name && field.value === value) {
                    again = field;
                }
            });
        }
        again = again || (id && document.getElementById(id));
        if (again && again !== document.activeElement) {
            again.focus();
        }
    }
    function update(url) {
        if (pending) {
            pending.abort();
        }
        pending = new AbortController();
        form.setAttribute("aria-busy", "true");
        fetch(url, { signal: pending.signal, credentials: "same-origin" })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error(String(response.status));
                }
                return response.text();
            })
            .then(function (html) {
                var fresh = new DOMParser().parseFromString(html, "text/html");
                var active = document.activeElement;
                var name = active && active.name, value = active && active.value, id = active && active.id;
                document.querySelectorAll("[data-live]").forEach(function (part) {
                    var replacement = fresh.getElementById(part.id);
                    if (!replacement) {
                        return;
                    }
                    if (part.dataset.live === "text") {
                        if (part.textContent !== replacement.textContent) {
                            part.textContent = replacement.textContent;
                        }
                    } else {
                        part.innerHTML = replacement.innerHTML;
                    }
                });
                window.history.pushState({ search: true }, "", url);
                form.removeAttribute("aria-busy");
                refocus(name, value, id);
            })
            .catch(function (error) {
                if (error.name !== "AbortError") {
                    window.location.href = url; // the server's own answer (e.g. "too many searches")
                }
            });
    }
    form.addEventListener("change", function (event) {
        var field = event.target;
        if (field.type === "checkbox" || field.name === "sortierung" || field.name === "umkreis") {
            update(currentUrl());
        }
    });
    window.addEventListener("popstate", function () { window.location.reload(); });
})();
