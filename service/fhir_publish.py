"""`GET /fhir/{type}/{id}`: the conformance resources we define (CodeSystems, Questionnaire).

EHRs render the input-contract Questionnaire from here and resolve our rule and answer codes.
The resources come from `hooks/`; this module does not know which guideline they belong to.
"""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Depends
from fastapi.responses import Response

from service.errors import FHIR_JSON, UnknownService
from service.state import AppState, app_state

router = APIRouter(tags=["FHIR conformance resources"])


@router.get(
    "/fhir/{resource_type}/{resource_id}",
    summary="Read a CodeSystem or Questionnaire this service defines",
    responses={200: {"content": {FHIR_JSON: {}}}, 404: {"description": "Unknown resource"}},
)
def read_resource(
    resource_type: str,
    resource_id: str,
    state: AppState = Depends(app_state),  # noqa: B008
) -> Response:
    """The FHIR JSON of one of our CodeSystems or Questionnaires, with its canonical URL."""
    resource = state.published.get((resource_type, resource_id))
    if resource is None:
        raise UnknownService(f"No {resource_type} with id '{resource_id}' is published here")
    return Response(orjson.dumps(resource), media_type=FHIR_JSON)
