// Cards as an EHR shows them: indicator, summary, Markdown detail (with the why-trace), source,
// suggestions with Accept, dismiss with an override reason, and links. Text only via textContent.

import { t } from "./i18n.js";
import { isSafeUrl, renderMarkdown } from "./markdown.js";

const INDICATORS = ["critical", "warning", "info"];

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function safeLink(url, label) {
  if (!url || !isSafeUrl(url)) return document.createTextNode(label);
  return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label);
}

function sourceLine(source) {
  const line = el("p", { class: "card-source" }, `${t("source")}: `);
  line.append(safeLink(source?.url, source?.label ?? "?"));
  const topic = source?.topic;
  if (topic?.code) {
    line.append(" · ", `${t("topic")} `, el("code", { title: topic.display ?? "" }, topic.code));
  }
  return line;
}

function suggestionList(card, handlers, setStatus) {
  const section = el("div", { class: "card-suggestions" }, el("h4", {}, t("suggestions")));
  const list = el("ul");
  for (const suggestion of card.suggestions) {
    const button = el("button", { type: "button", class: "accept" }, t("accept"));
    button.dataset.suggestion = suggestion.uuid ?? "";
    const label = el("span", { class: "suggestion-label" }, suggestion.label);
    const item = el("li", {}, label);
    if (suggestion.isRecommended) item.append(" ", el("span", { class: "badge" }, t("recommended")));
    item.append(" ", button);
    button.addEventListener("click", async () => {
      const ok = await handlers.accept(card, suggestion);
      if (ok) {
        const applied = el("div", { class: "applied" }, el("p", {}, t("wouldApply")));
        const actions = el("ul");
        for (const action of suggestion.actions ?? []) {
          const target =
            action.resourceId ??
            (action.resource ? `${action.resource.resourceType}/${action.resource.id ?? "(new)"}` : "");
          actions.append(el("li", {}, `${action.type} ${target}: ${action.description}`));
        }
        applied.append(actions);
        item.append(applied);
      }
      setStatus(ok);
    });
    list.append(item);
  }
  section.append(list);
  return section;
}

function dismissControl(card, handlers, setStatus, index) {
  const form = el("form", { class: "card-dismiss" });
  const selectId = `reason-${index}`;
  const commentId = `comment-${index}`;
  const select = el("select", { id: selectId, class: "override-reason" });
  select.append(el("option", { value: "" }, t("noReason")));
  (card.overrideReasons ?? []).forEach((reason, i) => {
    select.append(el("option", { value: String(i) }, reason.display ?? reason.code));
  });
  const comment = el("input", { id: commentId, type: "text", class: "override-comment" });
  const button = el("button", { type: "submit", class: "dismiss" }, t("dismiss"));
  if (card.overrideReasons?.length) {
    form.append(el("label", { for: selectId }, t("overrideReason")), select);
  }
  form.append(el("label", { for: commentId }, t("comment")), comment, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reason = select.value === "" ? null : card.overrideReasons[Number(select.value)];
    setStatus(await handlers.dismiss(card, reason, comment.value.trim()), "overridden");
  });
  return form;
}

function renderCard(card, index, handlers) {
  const indicator = INDICATORS.includes(card.indicator) ? card.indicator : "info";
  const headingId = `card-${index}-summary`;
  const article = el("article", {
    class: `card indicator-${indicator}`,
    "aria-labelledby": headingId,
  });
  article.dataset.uuid = card.uuid ?? "";
  article.append(
    el("p", { class: "indicator" }, t("indicator")[indicator] ?? indicator),
    el("h3", { id: headingId, class: "summary" }, card.summary ?? ""),
  );
  if (card.detail) {
    const detail = el("div", { class: "detail" });
    detail.append(renderMarkdown(card.detail));
    article.append(detail);
  }
  article.append(sourceLine(card.source));
  const status = el("p", { class: "feedback-status", role: "status" });
  const setStatus = (ok, outcome = "accepted") => {
    if (ok === true) {
      status.textContent = t(outcome);
      status.className = "feedback-status stored";
      for (const control of article.querySelectorAll("button, select, input")) control.disabled = true;
    } else {
      status.textContent = t("feedbackFailed", { status: ok });
      status.className = "feedback-status error";
    }
  };
  if (card.suggestions?.length) article.append(suggestionList(card, handlers, setStatus));
  if (card.links?.length) {
    const list = el("ul");
    for (const link of card.links) list.append(el("li", {}, safeLink(link.url, link.label)));
    article.append(el("div", { class: "card-links" }, el("h4", {}, t("links")), list));
  }
  article.append(dismissControl(card, handlers, setStatus, index), status);
  return article;
}

/** Replace the content of `container` with the cards, most urgent first (as the sandbox sorts). */
export function renderCards(container, cards, handlers) {
  const sorted = [...cards].sort(
    (a, b) => INDICATORS.indexOf(a.indicator) - INDICATORS.indexOf(b.indicator),
  );
  container.replaceChildren(...sorted.map((card, index) => renderCard(card, index, handlers)));
}
