// The console's live hand-off pages: new messages and status without a reload.
// The queue reloads itself every few seconds; a conversation polls its messages.json.
(function () {
  "use strict";
  var POLL_MS = 1000;

  var queue = document.querySelector("table.handoffs[data-poll-seconds]");
  if (queue) {
    var seconds = Number(queue.getAttribute("data-poll-seconds")) || 5;
    setTimeout(function () { window.location.reload(); }, seconds * 1000);
    return;
  }

  var list = document.getElementById("live-transcript");
  if (!list) return;
  var pollUrl = list.getAttribute("data-poll-url");
  var after = Number(list.getAttribute("data-after")) || 0;
  var shownStatus = list.getAttribute("data-status");
  var crisisFlag = document.getElementById("crisis-flag");

  function append(message) {
    var item = document.createElement("li");
    item.className = "message " + message.speaker + (message.risk ? " risk-" + message.risk : "");
    var meta = document.createElement("div");
    meta.className = "meta";
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = message.who;
    meta.appendChild(who);
    if (message.risk) {
      var badge = document.createElement("span");
      badge.className = "badge " + message.risk;
      badge.textContent = message.risk;
      meta.appendChild(badge);
    }
    var text = document.createElement("div");
    text.className = "text";
    text.textContent = message.text;
    item.appendChild(meta);
    item.appendChild(text);
    list.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
  }

  function poll() {
    fetch(pollUrl + "?after=" + after, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) return;
        body.messages.forEach(function (message) {
          append(message);
          after = Math.max(after, message.id);
        });
        if (body.crisis && crisisFlag) {
          crisisFlag.hidden = false;
          crisisFlag.querySelector(".category").textContent = body.crisis.replace(/_/g, " ");
        }
        // Someone else claimed it, or it ended or expired: the forms must change.
        if (body.status !== shownStatus) window.location.reload();
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { setTimeout(poll, POLL_MS); });
  }
  // A closed hand-off has nothing more to bring.
  if (shownStatus === "waiting" || shownStatus === "claimed") setTimeout(poll, POLL_MS);
})();
