"""A Streamlit viewer without a browser: what the frontend of Streamlit 1.67 says over
`/_stcore/stream`, and what it keeps from the replies, as `streamlit.proto` messages.

Read from a real Chromium's frames (tests/browser/test_loadtest_frames.py checks this client against
them): the first BackMsg is a `rerun_script` with the link's query string and page name and no
widget state; every later one carries the page's script hash, the query string the app last wrote
(`page_info_changed`; empty on a page switch), the value of every widget of the last run (a
selectbox or radio sends its option's label, a segmented control the labels it holds), and the
hashes of the messages in the frontend's forward-message cache, for which the server then sends
only a reference. A run ends with `script_finished`; what it drew is the `new_element` deltas it sent
(the frontend drops whatever a run did not send again).

Blocking sockets (websocket-client): under Locust, gevent makes them cooperative."""

from __future__ import annotations

import functools
import http.client
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field

import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

TIMEOUT_S = 30.0  # one run, from the request until script_finished; longer is an error
# What the browser's frames said about where it runs (contextInfo); the app does not read it.
TIMEZONE, LOCALE = "UTC", "zh-CN"


class ProtocolError(RuntimeError):
    """The server did something a browser would show as broken: an exception element, a missed
    cached message, a script that did not finish, a closed connection, a run slower than TIMEOUT_S."""


@dataclass
class Run:
    """What one script run sent, as the frontend would show it once the run has finished."""
    seconds: float                      # from the request until script_finished
    status: int                         # ForwardMsg.ScriptFinishedStatus
    elements: list[tuple[tuple, str]]   # (delta path, element type) of each new_element, in order
    blocks: int                         # add_block deltas (containers, columns, expanders)
    metrics: list[tuple[str, str]]      # (label, value) of each st.metric
    exceptions: list[str]               # messages of exception elements
    received_bytes: int
    cache_hits: int                     # references to messages the cache already held
    query_string: str                   # what the app wrote to the URL during the run


@dataclass
class _Widget:
    kind: str              # "selectbox", "radio" or "button_group"
    options: list[str]
    value: list[str]       # the labels selected (one for a selectbox)


@dataclass
class _Cached:
    encoded: bytes
    run_count: int


@dataclass(eq=False)  # one tab is one viewer: compared and hashed by identity
class Viewer:
    """One browser tab on `base_url` (http://host:port[/base]); `open()` first, `close()` last."""
    base_url: str
    timeout: float = TIMEOUT_S
    verify_tls: bool = True   # False: accept a self-signed certificate (the deploy tests' nginx)
    cookies: dict[str, str] = field(default_factory=dict)
    ws: websocket.WebSocket | None = None
    query_string: str = ""
    page_hash: str = ""
    pages: dict[str, str] = field(default_factory=dict)     # url pathname ("" default) -> hash
    widgets: dict[str, _Widget] = field(default_factory=dict)
    cache: dict[str, _Cached] = field(default_factory=dict)
    run_count: int = 0
    max_cached_age: int = 2
    last: Run | None = None
    last_request: BackMsg | None = None  # the rerun_script the last run answered

    # ------------------------------------------------------------------ what a viewer does

    def open(self, path: str = "", query: str = "") -> Run:
        """Open <base>/<path>?<query> as a new tab: the page and its two probes, then the socket,
        with the cookies the page set (a proxy's affinity cookie keeps the tab on one replica)."""
        started = time.perf_counter()
        url = urllib.parse.urlsplit(self.base_url)
        base = url.path.rstrip("/")
        # Before it connects, the frontend loads the page and asks /_stcore/health and host-config,
        # over one kept-alive connection.
        secure = url.scheme == "https"
        connection = (http.client.HTTPSConnection(url.netloc, timeout=self.timeout,
                                                  context=tls_context(self.verify_tls))
                      if secure else http.client.HTTPConnection(url.netloc, timeout=self.timeout))
        try:
            for resource in (f"{base}/{path}", f"{base}/_stcore/health", f"{base}/_stcore/host-config"):
                self._get(connection, resource)
        finally:
            connection.close()
        self.ws = websocket.create_connection(
            f"{'wss' if secure else 'ws'}://{url.netloc}{base}/_stcore/stream", subprotocols=["streamlit"],
            timeout=self.timeout, enable_multithread=False, cookie=self._cookie_header() or None,
            sslopt={"context": tls_context(self.verify_tls)} if secure else None)
        self.query_string = query
        return self._rerun(page_name=path, started=started)

    def select(self, key: str, label: str) -> Run:
        """Choose `label` in the widget whose key is `key` (a selectbox, radio or segmented control)."""
        widget = self.widget(key)
        if label not in widget.options:
            raise ValueError(f"{label!r} is not an option of {key!r}: {widget.options}")
        widget.value = [label]
        return self._rerun()

    def switch_page(self, pathname: str) -> Run:
        """Click the page's link in the sidebar ("" for the default page)."""
        self.page_hash = self.pages[pathname]
        self.query_string = ""  # the frontend sends no query string with a page switch
        return self._rerun()

    def options(self, key: str) -> list[str]:
        return list(self.widget(key).options)

    def value(self, key: str) -> list[str]:
        return list(self.widget(key).value)

    def widget(self, key: str) -> _Widget:
        """The widget with user key `key` (its id ends with -<key>)."""
        for widget_id, widget in self.widgets.items():
            if widget_id.endswith("-" + key):
                return widget
        raise KeyError(f"no widget with key {key!r} in the last run: {list(self.widgets)}")

    def close(self) -> None:
        """Close the tab: a close frame, without waiting for the server's (websocket-client waits
        3 s by default, which made closing 400 viewers take 20 minutes on a saturated server)."""
        if self.ws is not None:
            self.ws.close(timeout=0)
            self.ws = None

    # ------------------------------------------------------------------ the protocol

    def _get(self, connection: http.client.HTTPConnection, path: str) -> None:
        headers = {"Cookie": self._cookie_header()} if self.cookies else {}
        connection.request("GET", path or "/", headers=headers)
        response = connection.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        if response.status >= 400:
            raise ProtocolError(f"HTTP {response.status} for {path}")

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _rerun(self, page_name: str = "", started: float | None = None) -> Run:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        rerun.page_script_hash = self.page_hash
        rerun.page_name = page_name
        for widget_id, widget in self.widgets.items():
            rerun.widget_states.widgets.append(_state(widget_id, widget))
        rerun.cached_message_hashes.extend(self.cache)
        info = rerun.context_info
        info.timezone, info.timezone_offset, info.locale = TIMEZONE, 0, LOCALE
        info.url, info.is_embedded, info.color_scheme = self.base_url, False, "light"
        started = time.perf_counter() if started is None else started
        self.ws.send_binary(message.SerializeToString())
        self.last_request = message
        self.last = self._receive_run(started)
        return self.last

    def _receive_run(self, started: float) -> Run:
        elements, metrics, exceptions = [], [], []
        blocks = received = hits = 0
        seen: dict[str, _Widget] = {}
        deadline = started + self.timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ProtocolError(f"no script_finished within {self.timeout} s")
            self.ws.settimeout(remaining)
            try:
                payload = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                raise ProtocolError(f"no script_finished within {self.timeout} s") from None
            except (websocket.WebSocketConnectionClosedException, OSError) as error:
                raise ProtocolError(f"connection lost: {error}") from None
            if not isinstance(payload, bytes) or not payload:
                raise ProtocolError(f"unexpected frame {payload!r:.80}")
            received += len(payload)
            msg = ForwardMsg()
            msg.ParseFromString(payload)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                msg, hits = self._dereference(msg), hits + 1
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self._remember(msg.hash, payload)
            if kind == "new_session":
                self._new_session(msg.new_session)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "delta":
                delta = msg.delta
                if delta.WhichOneof("type") == "add_block":
                    blocks += 1
                elif delta.WhichOneof("type") == "new_element":
                    element = delta.new_element
                    element_type = element.WhichOneof("type")
                    elements.append((tuple(msg.metadata.delta_path), element_type))
                    if element_type == "metric":
                        metrics.append((element.metric.label, element.metric.body))
                    elif element_type == "exception":
                        exceptions.append(element.exception.message)
                    elif element_type in ("selectbox", "radio", "button_group"):
                        widget_id = getattr(element, element_type).id
                        seen[widget_id] = self._widget(element_type, getattr(element, element_type),
                                                       self.widgets.get(widget_id))
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a run we replaced; ours follows
                seconds = time.perf_counter() - started
                if status in (ForwardMsg.FINISHED_SUCCESSFULLY,
                              ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    self.widgets = seen  # widgets the run did not draw are gone
                    self._age_cache()
                run = Run(seconds, status, elements, blocks, metrics, exceptions, received, hits,
                          self.query_string)
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("the script did not compile")
                if exceptions:
                    raise ProtocolError(f"exception element: {exceptions[0][:200]}")
                return run

    def _new_session(self, new_session) -> None:
        self.max_cached_age = new_session.config.max_cached_message_age
        if new_session.page_script_hash:
            self.page_hash = new_session.page_script_hash

    @staticmethod
    def _widget(kind: str, proto, known: _Widget | None) -> _Widget:
        """A widget as the frontend holds it after this delta: the value the server sets
        (set_value), else the one it held, else the default."""
        if kind in ("selectbox", "radio"):  # both send the chosen option's label
            options = list(proto.options)
            if proto.set_value:
                value = [proto.raw_value] if proto.HasField("raw_value") else []
            elif known is not None and all(v in options for v in known.value):
                value = known.value
            else:
                value = [options[proto.default]] if proto.HasField("default") and options else []
        else:
            options = [option.content for option in proto.options]
            if proto.set_value:
                value = list(proto.raw_values)
            elif known is not None and all(v in options for v in known.value):
                value = known.value
            else:
                value = [options[i] for i in proto.default]
        return _Widget(kind, options, value)

    # ------------------------------------------------------------------ the message cache

    def _remember(self, message_hash: str, encoded: bytes) -> None:
        entry = self.cache.get(message_hash)
        if entry is None:
            self.cache[message_hash] = _Cached(encoded, self.run_count)
        else:
            entry.run_count = self.run_count

    def _dereference(self, reference: ForwardMsg) -> ForwardMsg:
        entry = self.cache.get(reference.ref_hash)
        if entry is None:
            raise ProtocolError(f"cached message missed: {reference.ref_hash}")
        entry.run_count = self.run_count
        msg = ForwardMsg()
        msg.ParseFromString(entry.encoded)
        msg.metadata.CopyFrom(reference.metadata)
        return msg

    def _age_cache(self) -> None:
        """After a finished run, as the frontend's ForwardMsgCache.incrementRunCount does."""
        self.run_count += 1
        for message_hash in [h for h, e in self.cache.items()
                             if self.run_count - e.run_count > self.max_cached_age]:
            del self.cache[message_hash]


@functools.cache
def tls_context(verify: bool) -> ssl.SSLContext:
    """One TLS context per process: making one loads the system's CA certificates, which took
    ~1 s per request with a few dozen viewers under gevent. verify=False: a test's self-signed
    certificate (nothing to load)."""
    if verify:
        return ssl.create_default_context()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return context


def _state(widget_id: str, widget: _Widget) -> WidgetState:
    state = WidgetState(id=widget_id)
    if widget.kind in ("selectbox", "radio"):
        if widget.value:
            state.string_value = widget.value[0]
    else:
        state.string_array_value.data.extend(widget.value)
    return state
