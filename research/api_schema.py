"""The OpenAPI schema's shared parts: every operation may answer 400 (a bad
parameter), 404 (nothing there) or 429 (too many requests), each as JSON."""

ERROR = {
    "type": "object",
    "description": "What was wrong: `detail`, or `errors` by parameter.",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
ERRORS = {
    "400": "A parameter is not valid.",
    "404": "Nothing is published there.",
    "429": "Too many requests: wait as Retry-After says.",
}


def add_error_responses(result, generator, request, public):
    """A drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}
                            }
                        },
                    },
                )
    return result
