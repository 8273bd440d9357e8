import logging
import os

import requests

from odoo import _, http
from odoo.exceptions import AccessError
from odoo.http import Response, Stream, request

_logger = logging.getLogger(__name__)

# Headers of the PBX's answer a player needs to seek (its Content-Type is not one of them:
# a recording is served as the audio type of its name, see crm_call.AUDIO_TYPES).
PASSED_HEADERS = ("Content-Length", "Content-Range", "Accept-Ranges", "Last-Modified", "ETag")


class CallRecordingController(http.Controller):
    """Recordings are served only here, after the call's own access rules: the PBX's
    directory and URL are never shown to the browser."""

    @http.route("/sales_panel/call/<int:call_id>/recording", type="http", auth="user",
                methods=["GET", "HEAD"], readonly=True)
    def call_recording(self, call_id):
        return _secured(self._recording(call_id))

    def _recording(self, call_id):
        call = request.env["crm.call"].browse(call_id).exists()
        if not call:
            return self._unavailable(404)
        try:
            call.check_access("read")
        except AccessError:
            return request.make_response(
                _("You may not listen to this call."), status=403,
                headers=[("Content-Type", "text/plain; charset=utf-8")])
        location = call.sudo()._sales_panel_recording_location()
        if location and location[0] == "path":
            return self._from_path(*location[1:])
        if location and location[0] == "url":
            return self._from_url(call.sudo().source_id, *location[1:])
        return self._unavailable(404)

    def _unavailable(self, status):
        # The player shows "recording unavailable" on an error status: a short text, never
        # an HTML error page inside a media element.
        return request.make_response(
            _("Recording unavailable"), status=status,
            headers=[("Content-Type", "text/plain; charset=utf-8"),
                     ("X-Sales-Panel-Recording", "unavailable")])

    def _from_path(self, path, mimetype):
        stat = os.stat(path)
        stream = Stream(
            type="path", path=path, mimetype=mimetype,
            download_name=os.path.basename(path), size=stat.st_size,
            etag=f"{int(stat.st_mtime)}-{stat.st_size}", last_modified=stat.st_mtime,
        )
        # werkzeug's conditional send answers Range requests with 206 (seeking).
        response = stream.get_response()
        response.headers["Cache-Control"] = "private, max-age=0"
        return response

    def _from_url(self, source, url, auth, mimetype):
        headers = {}
        if request.httprequest.headers.get("Range"):
            headers["Range"] = request.httprequest.headers["Range"]
        try:
            answer = requests.get(url, headers=headers, auth=auth, stream=True, timeout=(5, 30))
        except requests.RequestException as exc:
            # The URL may hold a token and the error repeats it: neither goes to the log
            # as it is (the source's secrets and any credential in the text are masked).
            _logger.warning("Recording of CDR source %s unreachable: %s", source.id, source._redact(exc))
            return self._unavailable(502)
        if answer.status_code not in (200, 206):
            answer.close()
            return self._unavailable(404 if answer.status_code in (401, 403, 404, 410) else 502)
        response = Response(
            answer.iter_content(64 * 1024), status=answer.status_code, direct_passthrough=True,
            headers=[(name, answer.headers[name]) for name in PASSED_HEADERS
                     if name in answer.headers])
        response.headers["Content-Type"] = mimetype
        response.headers["Cache-Control"] = "private, max-age=0"
        response.call_on_close(answer.close)
        return response


def _secured(response):
    """Every answer of the route, a recording or an error text: the browser may not guess
    another type (an HTML page in a "recording") nor run anything in it; a recording is
    played, never offered as a document."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if response.status_code in (200, 206):
        response.headers["Content-Disposition"] = "inline"
    return response
