/* Harbor chat widget: plain JavaScript, no build step, no dependencies.
 *
 * Embed:
 *   <script src="https://GATEWAY/static/widget.js" data-gateway="https://GATEWAY"
 *           data-title="Harbor" data-color="#1f5f8b" defer></script>
 *
 * Bot and visitor text is only ever put in the page with textContent (links are built
 * as <a> nodes), never as HTML. The crisis link and the notice come from the gateway's
 * GET /api/config, so this file holds no phone number.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  if (!script || window.harborWidgetLoaded) return;
  window.harborWidgetLoaded = true;

  const gateway = (script.dataset.gateway || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  const storeKey = "harbor-chat:" + gateway;
  const narrow = window.matchMedia("(max-width: 480px)");
  const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)\]'"]/g;
  // A live hand-off's news (a person joined, their replies, the end) is polled this often.
  const HANDOFF_POLL_MS = 1000;

  let state = restore();
  let config = null;
  let busy = false;
  let pollTimer = null;

  // ---- DOM -------------------------------------------------------------------------
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...children.filter(Boolean));
    return node;
  }

  const title = el("h2", { id: "harbor-title", class: "harbor-title", tabindex: "-1", text: script.dataset.title || "Harbor" });
  const crisis = el("a", { class: "harbor-crisis", hidden: "" });
  const newButton = el("button", { type: "button", class: "harbor-new", "aria-label": "Start a new conversation", text: "New chat" });
  const closeButton = el("button", { type: "button", class: "harbor-close", "aria-label": "Close chat", text: "\u00d7" });
  const notice = el("p", { class: "harbor-notice" });
  const log = el("div", { class: "harbor-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" }, notice);
  const typing = el("div", { class: "harbor-typing", "aria-hidden": "true", hidden: "" }, el("span"), el("span"), el("span"));
  const status = el("div", { class: "harbor-status", role: "status" });
  const input = el("textarea", { id: "harbor-input", class: "harbor-input", rows: "2", maxlength: "1000", placeholder: "Type your question", autocomplete: "off" });
  const sendButton = el("button", { type: "submit", class: "harbor-send", text: "Send" });
  const form = el("form", { class: "harbor-form" },
    el("label", { for: "harbor-input", class: "harbor-visually-hidden", text: "Your message" }), input, sendButton);
  const panel = el("section", { id: "harbor-panel", class: "harbor-panel", role: "dialog", "aria-labelledby": "harbor-title", hidden: "" },
    el("header", { class: "harbor-header" },
      el("div", { class: "harbor-bar" }, title, newButton, closeButton), crisis),
    log, status, form);
  const launcher = el("button", { type: "button", class: "harbor-launcher", "aria-expanded": "false", "aria-controls": "harbor-panel", text: "Chat with " + title.textContent });
  const root = el("div", { class: "harbor-widget", hidden: "" }, panel, launcher);
  applyColor(script.dataset.color);

  // Show the widget once its stylesheet is in, so visitors never see it unstyled.
  const css = el("link", { rel: "stylesheet", href: gateway + "/static/widget.css" });
  css.addEventListener("load", () => root.removeAttribute("hidden"));
  css.addEventListener("error", () => root.removeAttribute("hidden"));
  document.head.append(css);
  document.body.append(root);

  // ---- state that survives a reload in this tab --------------------------------------
  function fresh() {
    // handoff: {after} while a person is joining or here; after is the feed's cursor.
    return { id: null, token: null, messages: [], open: false, handoff: null };
  }
  function restore() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storeKey));
      if (saved && Array.isArray(saved.messages)) return saved;
    } catch (_) { /* storage blocked or corrupt: start afresh */ }
    return fresh();
  }
  function save() {
    try { sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch (_) { /* private mode */ }
  }

  // ---- rendering ---------------------------------------------------------------------
  function appendLinked(parent, text) {
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      parent.append(text.slice(last, match.index));
      const href = match[0].startsWith("www.") ? "https://" + match[0] : match[0];
      parent.append(el("a", { href, target: "_blank", rel: "noopener noreferrer", text: match[0] }));
      last = match.index + match[0].length;
    }
    parent.append(text.slice(last));
  }

  function render(message, isLast) {
    if (message.from === "system") {
      const line = el("p", { class: "harbor-msg harbor-msg--system", text: message.text });
      log.insertBefore(line, typing.parentNode === log ? typing : null);
      log.scrollTop = log.scrollHeight;
      return line;
    }
    // A team member's reply says so, visibly: the visitor must know a person wrote it.
    const staff = message.from === "staff";
    const who = message.from === "visitor" ? "You" : staff ? message.author || "Team member" : title.textContent;
    const bubble = el("p", { class: "harbor-bubble" }, el("span", { class: "harbor-visually-hidden", text: who + ": " }));
    appendLinked(bubble, message.text);
    const when = new Date(message.timestamp);
    const time = el("time", { datetime: message.timestamp, text: when.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" }) });
    const node = el("div", { class: "harbor-msg harbor-msg--" + message.from + (message.alert ? " harbor-msg--alert" : "") },
      staff ? el("span", { class: "harbor-author", "aria-hidden": "true", text: who }) : null,
      message.text ? bubble : null, time);
    if (isLast && message.from === "bot" && message.buttons && message.buttons.length) {
      node.append(el("div", { class: "harbor-quick", role: "group", "aria-label": "Suggested replies" },
        ...message.buttons.map((b) => {
          const button = el("button", { type: "button", class: "harbor-quick-reply", text: b.title });
          button.addEventListener("click", () => send(b.payload, b.title));
          return button;
        })));
    }
    log.insertBefore(node, typing.parentNode === log ? typing : null);
    log.scrollTop = log.scrollHeight;
    return node;
  }

  function renderAll() {
    log.replaceChildren(notice);
    state.messages.forEach((m, i) => render(m, i === state.messages.length - 1));
  }

  function setTyping(on) {
    if (on) log.append(typing);
    typing.hidden = !on;
    log.scrollTop = log.scrollHeight;
  }

  function showStatus(text, retry) {
    status.replaceChildren(el("span", { text }));
    if (retry) {
      const button = el("button", { type: "button", class: "harbor-retry", text: "Retry" });
      button.addEventListener("click", retry);
      status.append(" ", button);
    }
  }

  function applyConfig() {
    crisis.textContent = config.crisis_link.label;
    crisis.href = config.crisis_link.href;
    crisis.removeAttribute("hidden");
    notice.textContent = config.notice;
    input.maxLength = config.max_message_length;
  }

  function applyColor(color) {
    if (!/^#([0-9a-f]{3}){1,2}$/i.test(color || "")) return;
    const hex = color.length === 4 ? color.replace(/[0-9a-f]/gi, "$&$&").slice(1) : color.slice(1);
    const channel = (i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    // Text on the accent colour takes whichever of white or near-black contrasts more.
    root.style.setProperty("--harbor-accent", "#" + hex);
    root.style.setProperty("--harbor-on-accent", 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.0556 ? "#ffffff" : "#111111");
  }

  // ---- a live hand-off: poll the gateway for what a person says -------------------------
  const FEED_MESSAGES = {
    joined: (e) => ({ from: "system", text: e.text }),
    staff: (e) => ({ from: "staff", text: e.text, author: e.author }),
    ended: (e) => ({ from: "system", text: e.text }),
    expired: (e) => ({ from: "system", text: e.text }),
    bot: (e) => ({ from: "bot", text: e.text, buttons: e.buttons }),
  };

  function startPolling() {
    if (!pollTimer && state.handoff && state.id) pollTimer = setTimeout(poll, HANDOFF_POLL_MS);
  }

  function stopPolling() {
    clearTimeout(pollTimer);
    pollTimer = null;
  }

  async function poll() {
    pollTimer = null;
    if (!state.handoff || !state.id) return;
    const { status: code, body } = await call(
      "/api/conversations/" + encodeURIComponent(state.id) + "/events?after=" + state.handoff.after,
      { headers: { Authorization: "Bearer " + state.token }, cache: "no-store" });
    if (!state.handoff) return; // a new chat started meanwhile
    if ([401, 403, 404].includes(code)) {
      state.handoff = null;
      save();
      return;
    }
    if (code === 200) {
      const fresh = (body.events || []).filter((e) => FEED_MESSAGES[e.kind]);
      const timestamp = new Date().toISOString();
      const shown = fresh.map((e) => ({ ...FEED_MESSAGES[e.kind](e), timestamp }));
      if (fresh.length) state.handoff.after = fresh[fresh.length - 1].id;
      const live = body.handoff && ["waiting", "claimed"].includes(body.handoff.status);
      if (!live && !fresh.length) state.handoff = null; // ended or expired, all shown
      if (shown.length) {
        log.querySelectorAll(".harbor-quick").forEach((node) => node.remove());
        state.messages.push(...shown);
        shown.forEach((m, i) => render(m, i === shown.length - 1));
      }
      save();
    }
    startPolling(); // on a network error too: the next poll asks again from the same cursor
  }

  // ---- talking to the gateway --------------------------------------------------------
  async function call(path, options = {}) {
    try {
      const response = await fetch(gateway + path, options);
      const body = await response.json().catch(() => ({}));
      return { status: response.status, body };
    } catch (_) {
      return { status: 0, body: {} }; // offline, DNS, CORS or the gateway is down
    }
  }

  async function loadConfig() {
    if (config) return;
    const { status: code, body } = await call("/api/config");
    if (code === 200 && body.crisis_link) {
      config = body;
      applyConfig();
      if (status.dataset.kind === "config") status.replaceChildren();
    } else {
      status.dataset.kind = "config";
      showStatus("The chat can't reach its server right now.", () => loadConfig());
    }
  }

  async function send(text, label) {
    text = text.trim();
    if (busy || !text) return;
    busy = true;
    const typed = label === undefined;
    const visitor = { from: "visitor", text: typed ? text : label, timestamp: new Date().toISOString() };
    status.replaceChildren();
    delete status.dataset.kind;
    if (typed) input.value = "";
    input.readOnly = true;
    const focusWasInLog = log.contains(document.activeElement);
    log.querySelectorAll(".harbor-quick").forEach((node) => node.remove());
    // A clicked quick reply is gone now; keep focus in the panel so Escape and Tab work
    // (the log, not the text box, on phones, where the box would pop up the keyboard).
    if (focusWasInLog && !log.contains(document.activeElement)) (narrow.matches ? log : input).focus();
    render(visitor, false);
    setTyping(true);

    let reply = state.id ? null : await call("/api/conversations", { method: "POST" });
    if (reply && reply.status === 201) {
      state.id = reply.body.conversation_id;
      state.token = reply.body.token;
      save();
    }
    if (state.id) {
      reply = await call("/api/conversations/" + encodeURIComponent(state.id) + "/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + state.token },
        body: JSON.stringify({ text }),
      });
    }
    setTyping(false);
    input.readOnly = false;
    busy = false;

    if (reply.status === 200) {
      const answers = reply.body.messages.map((m) => ({ from: "bot", text: m.text, buttons: m.buttons, timestamp: m.timestamp }));
      state.messages.push(visitor, ...answers);
      const handoff = reply.body.handoff;
      if (handoff && handoff.status === "waiting" && Number.isInteger(handoff.after)) {
        state.handoff = { after: handoff.after };
        startPolling();
      }
      save();
      const nodes = answers.map((m, i) => render(m, i === answers.length - 1));
      // Show where the answer starts, not where it ends: long answers are read from the top.
      if (nodes.length) log.scrollTop += nodes[0].getBoundingClientRect().top - log.getBoundingClientRect().top - 16;
      return;
    }
    // Not delivered: take the bubble back (and bring back the quick replies), keep the
    // message for another try. A 503 still carries what to tell the visitor.
    const unavailable = reply.status === 503 && Array.isArray(reply.body.messages);
    if (unavailable) {
      for (const m of reply.body.messages) state.messages.push({ from: "bot", text: m.text, buttons: [], timestamp: m.timestamp, alert: true });
      save();
    }
    renderAll();
    if (typed && !input.value) input.value = text;
    const retry = typed ? () => send(input.value) : () => send(text, label);
    const detail = reply.body.detail;
    if (unavailable) {
      showStatus("Your message was not sent.", retry);
    } else if ([401, 403, 404].includes(reply.status)) {
      state.id = state.token = null; // the next try opens a new conversation
      save();
      showStatus("This chat session has expired. Retry to continue in a new one.", retry);
    } else if (reply.status === 429) {
      showStatus(detail || "Too many messages at once. Please wait a moment.", retry);
    } else if (reply.status >= 400 && reply.status < 500) {
      showStatus(detail || "That message could not be sent."); // fix the text, then Send
    } else {
      showStatus("Couldn't send your message. Check your connection.", retry);
    }
    if (typed) input.focus();
  }

  // ---- opening, closing, keys ----------------------------------------------------------
  function open(focus = true) {
    panel.removeAttribute("hidden");
    root.classList.add("harbor-is-open");
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    loadConfig();
    log.scrollTop = log.scrollHeight;
    // On a phone the keyboard would cover the notice, so focus the heading there.
    if (focus) (narrow.matches ? title : input).focus();
  }

  function close() {
    panel.setAttribute("hidden", "");
    root.classList.remove("harbor-is-open");
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  launcher.addEventListener("click", () => (panel.hidden ? open() : close()));
  closeButton.addEventListener("click", close);
  newButton.addEventListener("click", () => {
    if (busy) return; // let the message on its way land in the conversation it belongs to
    stopPolling();
    state = fresh();
    state.open = true;
    save();
    status.replaceChildren();
    renderAll();
    input.focus();
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(input.value);
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends; Shift+Enter starts a new line.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send(input.value);
    }
  });

  renderAll();
  loadConfig();
  if (state.open) open(false);
  startPolling(); // a reload in the middle of a hand-off picks up where it was
})();
