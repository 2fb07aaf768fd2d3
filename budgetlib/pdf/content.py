"""A page's content stream read into operators faster than pdfminer's tokenizer, with the same result.

pdfminer reads a content stream one state-machine step at a time (PSBaseParser, PSStackParser): 40 %
of the time it takes to lay out a page of text went to turning bytes into tokens. `objects` reads the
same tokens with one regular expression per token and builds the same operands (numbers, names,
strings, arrays, dictionaries) for `FastInterpreter`, which runs pdfminer's operators on them exactly
as `PDFPageInterpreter.execute` does. Anything this reader does not reproduce exactly — an inline
image (BI … ID … EI), a name with #xx escapes, an unbalanced array or dictionary, a string or token
left open where one stream ends — sends the page back to pdfminer's own parser, before any operator
has run.
"""

from __future__ import annotations

import re

from pdfminer import settings
from pdfminer.pdfinterp import PDFContentParser, PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import (
    KWD,
    LIT,
    PSEOF,
    PSKeyword,
    keyword_name,
    literal_name,
)

_TOKEN = re.compile(
    rb"(?P<ws>[ \t\n\r\x0b\x0c\x00]+)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<name>/[^/%\[\]()<>{}\s]*)"
    rb"|(?P<num>[-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"
    rb"|(?P<kw>[A-Za-z][^#/%\[\]()<>{}\s]*)"
    rb"|(?P<dopen><<)|(?P<dclose>>>)"
    rb"|(?P<hex><[\s0-9a-fA-F]*>)"
    rb"|(?P<str>\()"
    rb"|(?P<close>>)"
    rb"|(?P<other>.)",
    re.S,
)
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.")
_SPC = re.compile(rb"\s")
_END_STRING = re.compile(rb"[()\\]")
_OCT = b"01234567"
_ESC = {b"b"[0]: 8, b"t"[0]: 9, b"n"[0]: 10, b"f"[0]: 12, b"r"[0]: 13, 40: 40, 41: 41, 92: 92}
_BEGIN = {b"[": "a", b"{": "p"}
_END = {b"]": "a", b"}": "p"}
_INLINE = {KWD(b"BI"), KWD(b"ID"), KWD(b"EI")}  # pdfminer's PDFContentParser.do_keyword treats these itself
_BUFSIZ = 4096  # pdfminer reads a stream in chunks of this many bytes


class _Unsure(Exception):
    """Content this reader does not reproduce exactly: pdfminer's parser reads the page."""


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """A literal string from just after its "(" as pdfminer's _parse_string/_parse_string_1 read it."""
    out = bytearray()
    depth = 1
    n = len(data)
    while True:
        m = _END_STRING.search(data, i)
        if m is None:
            raise _Unsure("string left open")
        j = m.start()
        out += data[i:j]
        c = data[j]
        if c == 92:  # backslash
            k = j + 1
            if k >= n:
                raise _Unsure("escape at the end")
            d = data[k]
            if d in _OCT:
                e = k
                while e < n and e - k < 3 and data[e] in _OCT:
                    e += 1
                if e >= n:
                    raise _Unsure("octal escape at the end")
                code = int(data[k:e], 8)
                if code >= 256:
                    raise _Unsure("octal escape out of range")
                out.append(code)
                i = e
            elif d in _ESC:
                out.append(_ESC[d])
                i = k + 1
            elif d == 13 and (k + 1) % _BUFSIZ == 0:
                raise _Unsure("escaped CR at the end of pdfminer's chunk")  # it cannot see the LF after it
            elif d == 13 and k + 1 < n and data[k + 1] == 10:
                i = k + 2
            else:
                i = k + 1
            continue
        if c == 40:
            depth += 1
            out.append(c)
            i = j + 1
            continue
        depth -= 1
        if depth:
            out.append(c)
            i = j + 1
            continue
        return bytes(out), j + 1


def _tokens(data: bytes) -> list:
    """pdfminer's tokens of one stream (PSBaseParser.nexttoken), without their positions."""
    out: list = []
    add = out.append
    i, n = 0, len(data)
    match = _TOKEN.match
    while i < n:
        m = match(data, i)
        kind = m.lastgroup
        tok = m.group()
        i = m.end()
        if kind == "ws" or kind == "comment":
            continue
        if kind == "num":
            try:
                add(float(tok) if b"." in tok else int(tok))
            except ValueError:
                pass
        elif kind == "kw":
            add(True if tok == b"true" else False if tok == b"false" else KWD(tok))
        elif kind == "name":
            if b"#" in tok:
                raise _Unsure("name with #xx")
            body = tok[1:]
            try:
                add(LIT(str(body, "utf-8")))
            except UnicodeDecodeError:
                add(LIT(body))
        elif kind == "dopen":
            add(KWD(b"<<"))
        elif kind == "dclose":
            add(KWD(b">>"))
        elif kind == "hex":
            add(_HEX_PAIR.sub(lambda h: bytes((int(h.group(0), 16),)), _SPC.sub(b"", tok[1:-1])))
            i -= 1  # pdfminer reads the closing ">" again as a token of its own (see "close")
        elif kind == "str":
            s, i = _string(data, i)
            add(s)
        elif kind == "close":
            pass  # a lone ">": pdfminer's _parse_wclose makes nothing of it
        else:  # one character that starts no token: a keyword of its own ("[", "]", "{", "}", "'", '"', ")")
            if tok == b"<" or tok == b"/" or tok == b"(":
                raise _Unsure("token left open")
            add(KWD(tok))
    return out


def _open_end(data: bytes) -> bool:
    """Whether pdfminer could carry a token over from this stream into the next (#1157 tacks a
    newline on only when its current token is not empty, and after "/", "<", ">" or "(" it is)."""
    tail = data.rstrip(b" \t\n\r\x0b\x0c")
    return not tail or tail.endswith((b"/", b"<", b">", b"("))


def objects(streams: list) -> list | None:
    """Operands and operators of the page's streams as pdfminer's PSStackParser.nextobject returns them
    (arrays as lists, dictionaries as dicts), or None where pdfminer must read the page itself."""
    try:
        tokens: list = []
        datas = [stream_value(s).get_data() for s in streams]
        for k, data in enumerate(datas):
            if k < len(datas) - 1 and data and _open_end(data):
                raise _Unsure("stream ends inside a token")
            tokens += _tokens(data)
        out: list = []
        context: list[tuple[str, list]] = []
        cur: list = out
        curtype: str | None = None
        for tok in tokens:
            if type(tok) is PSKeyword:
                name = tok.name
                if name in _BEGIN or name == b"<<":
                    context.append((curtype, cur))
                    curtype, cur = _BEGIN.get(name, "d"), []
                    continue
                if name in _END or name == b">>":
                    want = _END.get(name, "d")
                    if curtype != want:
                        raise _Unsure("unbalanced")
                    objs = cur
                    curtype, cur = context.pop()
                    if want == "d":
                        if len(objs) % 2:
                            raise _Unsure("odd dictionary")
                        cur.append({literal_name(k): v for k, v in zip(objs[::2], objs[1::2]) if v is not None})
                    else:
                        cur.append(objs)
                    continue
                if tok in _INLINE:
                    raise _Unsure("inline image")
            cur.append(tok)
        if context:
            raise _Unsure("left open")
        return out
    except _Unsure:
        return None


class FastInterpreter(PDFPageInterpreter):
    """PDFPageInterpreter reading content streams through `objects` (pdfminer's parser where it says
    None); the operators and the device are pdfminer's."""

    def execute(self, streams) -> None:
        valid = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return super().execute(streams)  # pdfminer's warnings and skips
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        objs = objects(valid)
        if objs is None:
            return self._execute_pdfminer(valid)
        for obj in objs:
            self._run(obj)

    def _run(self, obj) -> None:
        if isinstance(obj, PSKeyword):
            name = keyword_name(obj)
            method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
            func = getattr(self, method, None)
            if func is not None:
                nargs = func.__code__.co_argcount - 1
                if nargs:
                    args = self.pop(nargs)
                    if len(args) == nargs:
                        func(*args)
                else:
                    func()
            elif settings.STRICT:
                raise PDFInterpreterError(f"Unknown operator: {name!r}")
        else:
            self.push(obj)

    def _execute_pdfminer(self, valid: list) -> None:
        try:
            parser = PDFContentParser(valid)
        except PSEOF:
            return
        while True:
            try:
                (_, obj) = parser.nextobject()
            except PSEOF:
                break
            self._run(obj)
