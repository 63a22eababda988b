"""Replies written straight from a contract model.

A route that returns a model has FastAPI validate it against the response model
and then serialize it; the busiest routes return models the services just built
and validated, so they hand back the JSON at once. The route still declares its
``response_model``, so the OpenAPI document is unchanged.
"""

from fastapi import Response
from pydantic import BaseModel


def model_reply(model: BaseModel, status_code: int = 200) -> Response:
    return Response(
        model.model_dump_json(by_alias=True),
        status_code=status_code,
        media_type="application/json",
    )
