// The card viewer: discovery, a hook call and feedback against this service's real CDS endpoints,
// over HTTP exactly as an EHR makes them, with the raw exchange shown in the developer panel.

import { renderCards } from "./cards.js";
import { language, setLanguage, t } from "./i18n.js";
import { CATALOGUE, ORDER_HOOKS, draftOrdersBundle } from "./orders.js";
import { prefetchFromFixture, prefetchFromServer } from "./prefetch.js";

const $ = (id) => document.getElementById(id);
const state = { config: null, services: [], fixtures: [], lastCall: null };

function pretty(value) {
  return JSON.stringify(value, null, 2);
}

function redactToken(value) {
  if (typeof value !== "string") return value;
  return value.length > 24 ? `${value.slice(0, 16)}… ${t("redacted")}` : t("redacted");
}

/** The request as shown: bearer tokens and access tokens are never put on screen in full. */
function shownExchange(method, url, headers, body) {
  const shownHeaders = { ...headers };
  if (shownHeaders.Authorization) {
    shownHeaders.Authorization = `Bearer ${redactToken(shownHeaders.Authorization.slice(7))}`;
  }
  let shownBody = body;
  if (body?.fhirAuthorization) {
    shownBody = {
      ...body,
      fhirAuthorization: { ...body.fhirAuthorization, access_token: t("redacted") },
    };
  }
  return `${method} ${url}\n${Object.entries(shownHeaders)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}${shownBody === undefined ? "" : `\n\n${pretty(shownBody)}`}`;
}

// The token endpoint wants this page's key (served in the page, also set as an HttpOnly cookie)
// back in a header: proof that the request comes from this page, not from another site's.
const PAGE_KEY = document.querySelector('meta[name="viewer-page-key"]')?.content ?? "";

async function authorization(path) {
  if (!state.config?.signing) return {};
  const response = await fetch("/viewer/api/token", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Viewer-Page-Key": PAGE_KEY },
    body: JSON.stringify({ path }),
  });
  if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
  const { token } = await response.json();
  return { Authorization: `Bearer ${token}` };
}

/** One call of the CDS API; returns {status, body, ms, shown} and never throws for HTTP errors. */
async function cds(method, path, body, extraHeaders = {}) {
  const headers = {
    Accept: "application/json",
    ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    ...extraHeaders,
    ...(await authorization(path)),
  };
  const shown = shownExchange(method, path, headers, body);
  const started = performance.now();
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, ms: Math.round(performance.now() - started), shown };
}

function problem(body) {
  return body?.issue?.[0]?.diagnostics ?? (typeof body === "string" ? body : pretty(body));
}

function selectedService() {
  return state.services.find((s) => s.id === $("service").value);
}

function selectedFixture() {
  const value = $("fixture").value;
  return state.fixtures.find((f) => `${f.serviceId}/${f.scenario}` === value);
}

function source() {
  return document.querySelector("input[name=source]:checked").value;
}

function fillServices() {
  const select = $("service");
  const previous = select.value;
  select.replaceChildren(
    ...state.services.map((s) => new Option(`${s.id} (${s.hook})`, s.id)),
  );
  if (state.services.some((s) => s.id === previous)) select.value = previous;
}

function fillFixtures() {
  const select = $("fixture");
  const groups = new Map();
  for (const fixture of state.fixtures) {
    if (!groups.has(fixture.serviceId)) {
      const group = document.createElement("optgroup");
      group.label = fixture.serviceId;
      groups.set(fixture.serviceId, group);
    }
    groups
      .get(fixture.serviceId)
      .append(
        new Option(
          `${fixture.scenario} (${fixture.patientId})`,
          `${fixture.serviceId}/${fixture.scenario}`,
        ),
      );
  }
  select.replaceChildren(...groups.values());
}

/** Prefer a fixture written for the chosen service, so its scenario is what the cards show. */
function matchFixtureToService() {
  const service = selectedService();
  const current = selectedFixture();
  if (!service || current?.serviceId === service.id) return;
  const own = state.fixtures.find((f) => f.serviceId === service.id);
  if (own) $("fixture").value = `${own.serviceId}/${own.scenario}`;
}

function fillOrders() {
  const select = $("order");
  const previous = select.value;
  const options = [];
  if (source() === "fixture" && selectedFixture()) {
    options.push(new Option(t("orderFromFixture"), "fixture"));
  }
  for (const [id, entry] of Object.entries(CATALOGUE)) {
    options.push(new Option(entry.label[language()] ?? entry.label.en, id));
  }
  select.replaceChildren(...options);
  if ([...select.options].some((o) => o.value === previous)) select.value = previous;
}

function refreshForm() {
  const service = selectedService();
  $("service-description").textContent = service ? `${service.title ?? ""} ${service.description}` : "";
  const fromFixture = source() === "fixture";
  $("fixture-fields").hidden = !fromFixture;
  $("fhir-fields").hidden = fromFixture;
  $("order-fields").hidden = !ORDER_HOOKS.has(service?.hook);
  const fixture = selectedFixture();
  $("fixture-hint").textContent =
    fixture && service && fixture.serviceId !== service.id
      ? t("fixtureOther", { service: fixture.serviceId })
      : state.fixtures.length
        ? ""
        : t("noFixtures");
  const link = $("bundle-link");
  link.hidden = !fixture;
  if (fixture) {
    link.href = `/viewer/api/fixtures/${encodeURIComponent(fixture.serviceId)}/${encodeURIComponent(
      fixture.scenario,
    )}/transaction.json`;
  }
  fillOrders();
}

function showMode() {
  const config = state.config;
  $("mode").textContent = config.localDemo
    ? t("modeLocal")
    : config.signing
      ? t(config.issuerTrusted ? "modeSigned" : "modeUntrusted", { issuer: config.issuer })
      : t("modeUnsigned");
}

function uuid() {
  return crypto.randomUUID();
}

function draftOrders(hook, context, fixtureRequest) {
  const choice = $("order").value;
  if (choice === "fixture" && fixtureRequest?.context?.draftOrders) {
    const bundle = fixtureRequest.context.draftOrders;
    const selections =
      fixtureRequest.context.selections ??
      (bundle.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`);
    return { draftOrders: bundle, selections };
  }
  const entry = CATALOGUE[choice] ?? CATALOGUE["mri-spine"];
  const order = entry.build(context.patientId, context.userId, new Date().toISOString());
  return { draftOrders: draftOrdersBundle([order]), selections: [`${order.resourceType}/${order.id}`] };
}

/** The hook request an EHR would send for the chosen service, patient and order. */
async function buildRequest(service, prefetchLog) {
  const request = { hook: service.hook, hookInstance: uuid() };
  let context;
  let fixtureRequest = null;
  if (source() === "fixture") {
    const fixture = selectedFixture();
    const response = await fetch(
      `/viewer/api/fixtures/${encodeURIComponent(fixture.serviceId)}/${encodeURIComponent(fixture.scenario)}`,
    );
    fixtureRequest = await response.json();
    const own = fixtureRequest.context ?? {};
    context = { userId: own.userId, patientId: own.patientId };
    if (own.encounterId) context.encounterId = own.encounterId;
  } else {
    context = { userId: $("user-id").value.trim() || undefined, patientId: $("patient-id").value.trim() };
  }
  if (ORDER_HOOKS.has(service.hook)) {
    const { draftOrders: bundle, selections } = draftOrders(service.hook, context, fixtureRequest);
    if (service.hook === "order-select") context.selections = selections;
    context.draftOrders = bundle;
  }
  request.context = context;
  if (fixtureRequest) {
    request.prefetch = prefetchFromFixture(service.prefetch, fixtureRequest, context);
  } else {
    const base = $("fhir-url").value.trim();
    const token = $("fhir-token").value.trim();
    request.fhirServer = base;
    if (token) {
      request.fhirAuthorization = {
        access_token: token,
        token_type: "Bearer",
        expires_in: 300,
        scope: "patient/*.read",
        subject: "cds-card-viewer",
        patient: context.patientId,
      };
    }
    if ($("browser-prefetch").checked) {
      const prefetch = await prefetchFromServer(service.prefetch, base, token, context, prefetchLog);
      if (Object.keys(prefetch).length) request.prefetch = prefetch;
    }
  }
  return request;
}

async function sendFeedback(service, item) {
  const path = `/cds-services/${encodeURIComponent(service.id)}/feedback`;
  const result = await cds("POST", path, { feedback: [item] });
  const log = $("raw-feedback");
  log.textContent += `${result.shown}\n\n→ HTTP ${result.status}\n${pretty(result.body)}\n\n`;
  $("exchange-feedback").open = true;
  return result.status === 200 ? true : result.status;
}

function handlersFor(service) {
  return {
    accept: (card, suggestion) =>
      sendFeedback(service, {
        card: card.uuid,
        outcome: "accepted",
        acceptedSuggestions: [{ id: suggestion.uuid }],
        outcomeTimestamp: new Date().toISOString(),
      }),
    dismiss: (card, reason, comment) => {
      const item = { card: card.uuid, outcome: "overridden", outcomeTimestamp: new Date().toISOString() };
      if (reason || comment) {
        item.overrideReason = {};
        if (reason) item.overrideReason.reason = reason;
        if (comment) item.overrideReason.userComment = comment;
      }
      return sendFeedback(service, item);
    },
  };
}

async function callService(event) {
  event?.preventDefault();
  const service = selectedService();
  if (!service) return;
  if (source() === "fhir" && (!$("fhir-url").value.trim() || !$("patient-id").value.trim())) {
    $("status").textContent = t("needUrl");
    return;
  }
  const status = $("status");
  status.className = "status";
  status.textContent = t("calling");
  $("call").disabled = true;
  const prefetchLog = [];
  try {
    const request = await buildRequest(service, (entry) => prefetchLog.push(entry));
    const path = `/cds-services/${encodeURIComponent(service.id)}`;
    const result = await cds("POST", path, request, { "Accept-Language": language() });
    state.lastCall = true;
    $("raw-request").textContent =
      (prefetchLog.length ? `# prefetch in the viewer\n${pretty(prefetchLog)}\n\n` : "") + result.shown;
    $("raw-response").textContent = `HTTP ${result.status}\n\n${pretty(result.body)}`;
    $("raw-feedback").textContent = "";
    if (result.status !== 200) {
      status.className = "status error";
      status.textContent = t("failed", { status: result.status, message: problem(result.body) });
      $("cards").replaceChildren();
      return;
    }
    const cards = result.body.cards ?? [];
    status.textContent = cards.length ? t("cardCount", { n: cards.length, ms: result.ms }) : t("noCards");
    renderCards($("cards"), cards, handlersFor(service));
  } catch (error) {
    status.className = "status error";
    status.textContent = t("networkError", { message: String(error.message ?? error) });
  } finally {
    $("call").disabled = false;
    document.body.dataset.calls = String(Number(document.body.dataset.calls ?? 0) + 1);
  }
}

async function loadJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  return response.json();
}

async function start() {
  state.config = await loadJson("/viewer/api/config");
  setLanguage(state.config.defaultLanguage);
  $("language").value = language();
  showMode();
  const discovery = await cds("GET", "/cds-services");
  $("raw-discovery").textContent = `${discovery.shown}\n\n→ HTTP ${discovery.status}\n${pretty(discovery.body)}`;
  if (discovery.status !== 200) {
    $("status").className = "status error";
    $("status").textContent = t("discoveryFailed", {
      status: discovery.status,
      message: problem(discovery.body),
    });
  } else {
    state.services = discovery.body.services ?? [];
  }
  state.fixtures = (await loadJson("/viewer/api/fixtures")).fixtures ?? [];
  if (!state.fixtures.length) {
    document.querySelector("input[name=source][value=fhir]").checked = true;
  }
  fillServices();
  fillFixtures();
  matchFixtureToService();
  refreshForm();

  $("service").addEventListener("change", () => {
    matchFixtureToService();
    refreshForm();
  });
  $("fixture").addEventListener("change", refreshForm);
  for (const radio of document.querySelectorAll("input[name=source]")) {
    radio.addEventListener("change", refreshForm);
  }
  $("language").addEventListener("change", () => {
    setLanguage($("language").value);
    showMode();
    refreshForm();
    if (state.lastCall) callService();
  });
  $("call-form").addEventListener("submit", callService);
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  $("status").className = "status error";
  $("status").textContent = t("networkError", { message: String(error.message ?? error) });
});
