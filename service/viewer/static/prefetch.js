// Prefetch as an EHR builds it: fill the service's templates (CDS Hooks 2.0 § Prefetch tokens)
// and answer them from the fixture patient's chart or from a FHIR server.

const TOKEN = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;
const USER_TOKENS = {
  userPractitionerId: "Practitioner",
  userPractitionerRoleId: "PractitionerRole",
  userPatientId: "Patient",
  userRelatedPersonId: "RelatedPerson",
};

/** The template with its tokens filled from `context`; null when a token cannot be filled. */
export function fillTemplate(template, context) {
  let unresolved = false;
  const filled = template.replace(TOKEN, (whole, token) => {
    let value = null;
    if (token.startsWith("context.")) {
      value = context[token.slice("context.".length)];
    } else if (token in USER_TOKENS) {
      const [kind, id] = String(context.userId ?? "").split("/");
      value = kind === USER_TOKENS[token] ? id : null;
    }
    if ((typeof value !== "string" && typeof value !== "number") || value === "") {
      unresolved = true;
      return "";
    }
    return encodeURIComponent(String(value));
  });
  return unresolved ? null : filled;
}

function resourcesOf(value) {
  if (!value || typeof value !== "object") return [];
  if (value.resourceType === "Bundle") {
    return (value.entry ?? []).map((e) => e?.resource).filter((r) => r && r.resourceType);
  }
  return value.resourceType ? [value] : [];
}

/** Every resource the fixture prefetched, by "Type/id": the patient's chart as far as we have it. */
export function chartOf(fixtureRequest) {
  const chart = new Map();
  for (const value of Object.values(fixtureRequest.prefetch ?? {})) {
    for (const resource of resourcesOf(value)) {
      chart.set(`${resource.resourceType}/${resource.id}`, resource);
    }
  }
  return chart;
}

function refersToPatient(resource, patientId) {
  const wanted = `Patient/${patientId}`;
  return [resource.subject, resource.patient].some((ref) => ref?.reference === wanted);
}

function searchset(resources) {
  return {
    resourceType: "Bundle",
    type: "searchset",
    total: resources.length,
    entry: resources.map((resource) => ({ resource })),
  };
}

/**
 * Prefetch for `templates` from a fixture: the fixture's own value where it has that key (the
 * data its author chose), else the chart's resources of the template's type for this patient.
 * Keys whose tokens cannot be filled are left out, as the sandbox does.
 */
export function prefetchFromFixture(templates, fixtureRequest, context) {
  const own = fixtureRequest.prefetch ?? {};
  const chart = chartOf(fixtureRequest);
  const prefetch = {};
  for (const [key, template] of Object.entries(templates ?? {})) {
    if (key in own) {
      prefetch[key] = own[key];
      continue;
    }
    const query = fillTemplate(template, context);
    if (query === null) continue;
    const [path, search] = query.split("?");
    const [type, id] = path.split("/");
    if (id !== undefined && search === undefined) {
      prefetch[key] = chart.get(`${type}/${decodeURIComponent(id)}`) ?? null;
      continue;
    }
    const matches = [...chart.values()].filter(
      (r) => r.resourceType === type && (!context.patientId || refersToPatient(r, context.patientId)),
    );
    prefetch[key] = searchset(matches);
  }
  return prefetch;
}

/** Prefetch fetched from a FHIR server in the browser; keys that fail are left out. */
export async function prefetchFromServer(templates, base, token, context, record) {
  const prefetch = {};
  const headers = { Accept: "application/fhir+json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  await Promise.all(
    Object.entries(templates ?? {}).map(async ([key, template]) => {
      const query = fillTemplate(template, context);
      if (query === null) return;
      const url = `${base.replace(/\/+$/, "")}/${query}`;
      try {
        const response = await fetch(url, { headers });
        record({ key, url, status: response.status });
        if (!response.ok) return;
        prefetch[key] = await response.json();
      } catch (error) {
        record({ key, url, error: String(error) });
      }
    }),
  );
  return prefetch;
}
