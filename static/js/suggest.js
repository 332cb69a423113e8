// Progressive autocomplete for search fields with a data-suggest-url (site search, advisor
// search): without JavaScript a plain search box; with it, suggestions in a native <datalist>.
document.querySelectorAll("input[data-suggest-url]").forEach(function (input) {
    if (!window.fetch) {
        return;
    }
    var list = document.createElement("datalist");
    list.id = input.id + "-vorschlaege";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var timer = null;
    input.addEventListener("input", function () {
        clearTimeout(timer);
        var text = input.value.trim();
        if (text.length < 2) {
            return;
        }
        timer = setTimeout(function () {
            fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : { vorschlaege: [] }; })
                .then(function (data) {
                    list.replaceChildren.apply(list, data.vorschlaege.map(function (text) {
                        var option = document.createElement("option");
                        option.value = text;
                        return option;
                    }));
                })
                .catch(function () { /* suggestions are a convenience; the search works without */ });
        }, 200);
    });
});
