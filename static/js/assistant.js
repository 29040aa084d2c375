// The shopping assistant's chat panel: a corner button opens it, messages go to POST /assistant/messages as
// JSON with the CSRF token in a header, replies are shown as text (never as HTML). No inline script: the CSP
// allows only files from this site.
(function () {
  "use strict";
  var root = document.getElementById("assistant");
  if (!root) { return; }
  var toggle = document.getElementById("assistant-toggle");
  var panel = document.getElementById("assistant-panel");
  var log = document.getElementById("assistant-log");
  var suggestionsBox = document.getElementById("assistant-suggestions");
  var form = document.getElementById("assistant-form");
  var input = document.getElementById("assistant-text");
  var photo = document.getElementById("assistant-photo");
  var csrf = root.getAttribute("data-csrf-token");
  var pageProduct = root.getAttribute("data-page-product");
  var loaded = false;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function money(cents) {
    return "€" + (cents / 100).toFixed(2);
  }

  function addLine(speaker, text) {
    var line = element("li", "assistant-line " + (speaker === "You" ? "from-shopper" : "from-assistant"));
    line.appendChild(element("strong", "", speaker + ": "));
    line.appendChild(element("span", "assistant-text", text));
    log.appendChild(line);
    log.scrollTop = log.scrollHeight;
    return line;
  }

  function setCartCount(count) {
    var badge = document.getElementById("cart-count");
    if (badge && typeof count === "number") {
      badge.textContent = String(count);
      var link = badge.closest("a");
      if (link) { link.setAttribute("aria-label", "Cart, " + count + " items"); }
    }
  }

  function card(product, index) {
    var item = element("article", "assistant-card");
    var link = element("a");
    link.href = product.url;
    if (product.image_url) {
      var img = element("img");
      img.src = product.image_url;
      img.alt = product.name;
      img.width = 75;
      img.height = 100;
      link.appendChild(img);
    }
    link.appendChild(element("span", "assistant-card-name", (index + 1) + ". " + product.name));
    item.appendChild(link);
    var price = element("p", "price");
    if (product.list_price_cents && product.list_price_cents > product.price_cents) {
      price.appendChild(element("del", "was", money(product.list_price_cents)));
      price.appendChild(document.createTextNode(" "));
    }
    price.appendChild(element("span", "now", money(product.price_cents)));
    item.appendChild(price);
    if (product.in_stock !== false) {
      var add = element("button", "button small assistant-add", "Add to cart");
      add.type = "button";
      add.addEventListener("click", function () { send("add this", product.id); });
      item.appendChild(add);
    }
    return item;
  }

  function showReply(data) {
    var line = addLine("Assistant", data.reply);
    if (data.filters && data.search_url) {
      var chips = element("p", "assistant-chips");
      Object.keys(data.filters).forEach(function (slot) {
        chips.appendChild(element("span", "chip", slot + ": " + data.filters[slot]));
      });
      var more = element("a", "", "See them in the catalogue");
      more.href = data.search_url;
      chips.appendChild(more);
      line.appendChild(chips);
    }
    if (data.products && data.products.length) {
      var cards = element("div", "assistant-cards");
      data.products.forEach(function (product, index) { cards.appendChild(card(product, index)); });
      line.appendChild(cards);
    }
    (data.actions || []).forEach(function (action) {
      if (action.type === "cart_add" || action.type === "cart_remove") { setCartCount(action.cart_count); }
    });
    showSuggestions(data.suggestions || []);
    log.scrollTop = log.scrollHeight;
  }

  function showSuggestions(suggestions) {
    suggestionsBox.textContent = "";
    suggestions.forEach(function (text) {
      var chip = element("button", "chip-button", text);
      chip.type = "button";
      chip.addEventListener("click", function () { send(text); });
      suggestionsBox.appendChild(chip);
    });
  }

  function answered(response) {
    return response.json().catch(function () { return { error: "The assistant could not answer. Please try again." }; })
      .then(function (data) {
        if (!response.ok || data.error) { addLine("Assistant", data.error || "Something went wrong."); return; }
        showReply(data);
      });
  }

  function failed() {
    addLine("Assistant", "The shop cannot be reached right now. Please try again in a moment.");
  }

  function send(text, productId) {
    addLine("You", text);
    var body = { text: text };
    var about = productId || pageProduct;
    if (about) { body.product_id = Number(about); }
    return fetch(root.getAttribute("data-messages-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body)
    }).then(answered, failed);
  }

  function sendPhoto(file) {
    addLine("You", "(sent a photo)");
    var data = new FormData();
    data.append("photo", file);
    return fetch(root.getAttribute("data-photo-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
      body: data
    }).then(answered, failed);
  }

  function loadHistory() {
    if (loaded) { return; }
    loaded = true;
    fetch(root.getAttribute("data-messages-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        (data.log || []).forEach(function (entry) { addLine(entry.speaker, entry.text); });
        if (!data.log || !data.log.length) {
          addLine("Assistant", "Hello! Ask me for products in your own words, your cart, deals or your orders.");
          showSuggestions(["red dresses under 50", "any offers?", "what's in my cart", "where is my order"]);
        }
      })
      .catch(function () { /* the panel still works without the history */ });
  }

  function open(opened) {
    panel.hidden = !opened;
    toggle.setAttribute("aria-expanded", opened ? "true" : "false");
    if (opened) { loadHistory(); input.focus(); }
  }

  toggle.addEventListener("click", function (event) {
    event.preventDefault();
    open(panel.hidden);
  });
  document.getElementById("assistant-close").addEventListener("click", function () { open(false); toggle.focus(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });
  photo.addEventListener("change", function () {
    if (photo.files && photo.files[0]) { sendPhoto(photo.files[0]); photo.value = ""; }
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { open(false); toggle.focus(); }
  });
})();
