"""Graceful stops that answer what is already on its way, for gunicorn's reloads and restarts.

When a worker is told to stop (SIGHUP reload, SIGTERM, max_requests recycling), uvicorn closes
every connection that has no request in progress at once. A request the client sent an instant
earlier is then reset unanswered, although no other worker will ever see it. This protocol
gives such connections a moment: a request that arrives is answered (and the connection then
closed); a connection that stays silent is closed after the grace period.
"""

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["DRAIN_GRACE_SECONDS", "DrainingHttpToolsProtocol"]

DRAIN_GRACE_SECONDS = 1.0


class DrainingHttpToolsProtocol(HttpToolsProtocol):
    draining = False

    def shutdown(self) -> None:
        if self.cycle is not None and not self.cycle.response_complete:
            super().shutdown()  # a response is under way: uvicorn finishes it, then closes
            return
        self.draining = True
        self.loop.call_later(DRAIN_GRACE_SECONDS, self._close_if_idle)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        if self.draining and self.cycle is not None:
            self.cycle.keep_alive = False

    def _close_if_idle(self) -> None:
        idle = self.cycle is None or self.cycle.response_complete
        if idle and not self.transport.is_closing():
            self.transport.close()
