"""A tiny handler factory for the sandbox command-line test (``sandbox_app:make``)."""

from transports import Response, Router, ServerRequest, json_response


def make() -> Router:
    router = Router()

    @router.route("GET", "/hello/{name}")
    async def hello(request: ServerRequest, name: str) -> Response:
        return json_response(200, {"hello": name, "q": request.args("q")})

    return router
