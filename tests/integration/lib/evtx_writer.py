#!/usr/bin/env python3
"""A small writer of Windows XML Event Log (.evtx) files, for test fixtures made at test time.

No Debian tool writes .evtx, and no public sample holds the events pinprobe's seeds describe, so
the tests generate them. The layout follows Joachim Metz's "Windows XML Event Log (EVTX) format"
(libevtx documentation, documentation/Windows XML Event Log (EVTX).asciidoc) and [MS-EVEN6]:

  file header  4096 bytes: "ElfFile\\0", first/last chunk number, next record identifier,
               header size 128, format version 3.1, header block size 4096, number of chunks,
               CRC32 of the first 120 bytes at offset 124
  chunk        65536 bytes: a 512-byte header ("ElfChnk\\0", first/last event record number and
               identifier, header size 128, last record offset, free space offset, CRC32 of the
               records data at 52, CRC32 of bytes 0-120 and 128-512 at 124; the common string
               and template pointer tables stay empty), then the records, then zeros
  record       "\\x2a\\x2a\\0\\0", size, record identifier, written FILETIME, binary XML, size copy

Two binary XML forms are written. By default, as Windows writes events: a fragment header
(0x0f) and a template instance (0x0c) whose inline definition holds the <Event> tree with
optional substitutions (0x0e), and whose values carry the fields typed (EventID UInt16, Level
UInt8, TimeCreated FILETIME, EventRecordID UInt64, strings UTF-16). libevtx needs this form for
its per-field accessors (libevtx_record_get_event_identifier, _get_utf8_source_name,
_get_number_of_strings; evtxexport's text mode). With "plain": true, an event is written as the
<Event> tree itself: open-start-element (0x01/0x41), attribute (0x06/0x46), value (0x05,
UTF-16 string), close-start (0x02), close-empty (0x03) and end-element (0x04) tokens, names
inline; libevtx renders it as XML only. Both render to the same XML but for the time's digits
("...07.9010000Z" as written in plain, "...07.901000000Z" from a FILETIME).

The event texts come from the caller's JSON; pinprobe's fixtures (tests/fixtures/evtx/*.json)
quote them from the seed articles in /work/shared/seeds (see tests/fixtures/evtx/README.md).

usage:
  evtx_writer.py write EVENTS.json OUT.evtx [--per-chunk N]
  evtx_writer.py damage IN.evtx OUT.evtx (--cut-mid-record K | --flip-chunk-crc N)
EVENTS.json: [{"event_id": 32, "level": 2, "time": "2024-03-05T09:41:07.9010000Z",
               "provider": "...", "channel": "...", "computer": "...",
               "data": {"Name": "text", ...}, "plain": false}, ...]
"""
import argparse
import datetime
import json
import struct
import sys
import zlib

FILE_HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
RECORD_OVERHEAD = 28  # signature, size, identifier, written time; size copy
EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"

# Binary XML tokens; 0x40 on a token means "more follows" (another attribute, more content,
# an attribute list).
TOKEN_EOF = 0x00
TOKEN_OPEN_START = 0x01
TOKEN_CLOSE_START = 0x02
TOKEN_CLOSE_EMPTY = 0x03
TOKEN_END_ELEMENT = 0x04
TOKEN_VALUE = 0x05
TOKEN_ATTRIBUTE = 0x06
TOKEN_TEMPLATE_INSTANCE = 0x0C
TOKEN_OPTIONAL_SUBSTITUTION = 0x0E
TOKEN_FRAGMENT_HEADER = 0x0F
HAS_MORE = 0x40

# Value types.
TYPE_STRING = 0x01
TYPE_UINT8 = 0x04
TYPE_UINT16 = 0x06
TYPE_UINT64 = 0x0A
TYPE_FILETIME = 0x11


def filetime(iso):
    """100-ns intervals since 1601-01-01 UTC of an ISO 8601 time with up to 7 fraction digits."""
    text = iso.rstrip("Z")
    whole, _, fraction = text.partition(".")
    t = datetime.datetime.fromisoformat(whole).replace(tzinfo=datetime.timezone.utc)
    epoch = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    delta = t - epoch
    ticks = (delta.days * 86400 + delta.seconds) * 10_000_000
    return ticks + int((fraction + "0000000")[:7]) if fraction else ticks


def name_hash(text):
    """[MS-EVEN6] BinXmlName hash: low 16 bits of hash = hash * 65599 + UTF-16 code unit."""
    value = 0
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        value = (value * 65599 + int.from_bytes(units[i:i + 2], "little")) & 0xFFFFFFFF
    return value & 0xFFFF


def utf16(text):
    return text.encode("utf-16-le")


class BinXml:
    """Binary XML written at chunk offset `base` (names are chunk-relative and stored inline)."""

    def __init__(self, base):
        self.base = base
        self.out = bytearray()

    def offset(self):
        return self.base + len(self.out)

    def name(self, text):
        # The name offset points just past itself: the name follows inline.
        self.out += struct.pack("<I", self.offset() + 4)
        self.out += struct.pack("<IHH", 0, name_hash(text), len(text))
        self.out += utf16(text) + b"\0\0"

    def text(self, value):
        self.out += bytes([TOKEN_VALUE, TYPE_STRING]) + struct.pack("<H", len(value))
        self.out += utf16(value)

    def substitution(self, index, value_type):
        self.out += bytes([TOKEN_OPTIONAL_SUBSTITUTION]) + struct.pack("<HB", index, value_type)

    def element(self, node):
        """node: (tag, [(attribute, content)], [content]); content is a str (text), an int
        pair (substitution index, type) or a child node."""
        tag, attributes, children = node
        self.out += bytes([TOKEN_OPEN_START | (HAS_MORE if attributes else 0)])
        self.out += struct.pack("<H", 0xFFFF)  # dependency identifier: none
        size_at = len(self.out)
        self.out += b"\0\0\0\0"  # data size, patched below
        self.name(tag)
        if attributes:
            list_at = len(self.out)
            self.out += b"\0\0\0\0"
            for i, (key, content) in enumerate(attributes):
                more = HAS_MORE if i + 1 < len(attributes) else 0
                self.out += bytes([TOKEN_ATTRIBUTE | more])
                self.name(key)
                self.content(content)
            struct.pack_into("<I", self.out, list_at, len(self.out) - list_at - 4)
        if not children:
            self.out += bytes([TOKEN_CLOSE_EMPTY])
        else:
            self.out += bytes([TOKEN_CLOSE_START])
            for child in children:
                self.content(child)
            self.out += bytes([TOKEN_END_ELEMENT])
        struct.pack_into("<I", self.out, size_at, len(self.out) - size_at - 4)

    def content(self, item):
        if isinstance(item, str):
            self.text(item)
        elif isinstance(item[0], int):
            self.substitution(*item)
        else:
            self.element(item)

    def fragment_header(self):
        self.out += bytes([TOKEN_FRAGMENT_HEADER, 1, 1, 0])


def event_tree(fields):
    """The <Event> tree; `fields` maps each field to its content (text or substitution)."""
    system = [
        ("Provider", [("Name", fields["provider"])], []),
        ("EventID", [], [fields["event_id"]]),
        ("Level", [], [fields["level"]]),
        ("TimeCreated", [("SystemTime", fields["time"])], []),
        ("EventRecordID", [], [fields["record_id"]]),
        ("Channel", [], [fields["channel"]]),
        ("Computer", [], [fields["computer"]]),
    ]
    data = [("Data", [("Name", key)], [value]) for key, value in fields["data"]]
    return ("Event", [("xmlns", EVENT_NS)], [("System", [], system), ("EventData", [], data)])


def plain_record(event, record_id, base):
    fields = {
        "provider": event["provider"],
        "event_id": str(event["event_id"]),
        "level": str(event.get("level", 2)),
        "time": event["time"],
        "record_id": str(record_id),
        "channel": event["channel"],
        "computer": event.get("computer", "DESKTOP-1234567"),
        "data": list(event.get("data", {}).items()),
    }
    xml = BinXml(base)
    xml.fragment_header()
    xml.element(event_tree(fields))
    xml.out += bytes([TOKEN_EOF])
    return bytes(xml.out)


def template_record(event, record_id, base):
    values = [
        (TYPE_STRING, utf16(event["provider"])),
        (TYPE_UINT16, struct.pack("<H", event["event_id"])),
        (TYPE_UINT8, struct.pack("<B", event.get("level", 2))),
        (TYPE_FILETIME, struct.pack("<Q", filetime(event["time"]))),
        (TYPE_UINT64, struct.pack("<Q", record_id)),
        (TYPE_STRING, utf16(event["channel"])),
        (TYPE_STRING, utf16(event.get("computer", "DESKTOP-1234567"))),
    ]
    data = list(event.get("data", {}).items())
    for _, text in data:
        values.append((TYPE_STRING, utf16(text)))
    slot = {name: (i, values[i][0]) for i, name in enumerate(
        ["provider", "event_id", "level", "time", "record_id", "channel", "computer"])}
    slot["data"] = [(key, (7 + i, TYPE_STRING)) for i, (key, _) in enumerate(data)]

    xml = BinXml(base)
    xml.fragment_header()
    xml.out += bytes([TOKEN_TEMPLATE_INSTANCE, 0x01])
    xml.out += struct.pack("<I", record_id)  # template identifier
    xml.out += struct.pack("<I", xml.offset() + 4)  # definition follows inline
    xml.out += struct.pack("<I", 0)  # next template definition: none
    xml.out += bytes(range(16))  # template GUID
    size_at = len(xml.out)
    xml.out += b"\0\0\0\0"
    xml.fragment_header()
    xml.element(event_tree(slot))
    xml.out += bytes([TOKEN_EOF])
    struct.pack_into("<I", xml.out, size_at, len(xml.out) - size_at - 4)
    xml.out += struct.pack("<I", len(values))
    for value_type, raw in values:
        xml.out += struct.pack("<HBB", len(raw), value_type, 0)
    for _, raw in values:
        xml.out += raw
    xml.out += bytes([TOKEN_EOF])
    return bytes(xml.out)


def record(event, record_id, offset):
    """The event record at chunk offset `offset`."""
    build = plain_record if event.get("plain") else template_record
    xml = build(event, record_id, offset + 24)
    size = RECORD_OVERHEAD + len(xml)
    head = b"\x2a\x2a\x00\x00" + struct.pack("<IQQ", size, record_id, filetime(event["time"]))
    return head + xml + struct.pack("<I", size)


def chunk(events, first_id):
    body = bytearray()
    last_offset = CHUNK_HEADER_SIZE
    for i, event in enumerate(events):
        last_offset = CHUNK_HEADER_SIZE + len(body)
        body += record(event, first_id + i, last_offset)
    if CHUNK_HEADER_SIZE + len(body) > CHUNK_SIZE:
        raise ValueError(f"{len(events)} events do not fit one chunk: use --per-chunk")
    last_id = first_id + len(events) - 1
    head = bytearray(CHUNK_HEADER_SIZE)
    head[0:8] = b"ElfChnk\0"
    struct.pack_into("<QQQQIIII", head, 8, first_id, last_id, first_id, last_id, 128,
                     last_offset, CHUNK_HEADER_SIZE + len(body), zlib.crc32(body))
    struct.pack_into("<I", head, 124, zlib.crc32(bytes(head[0:120]) + bytes(head[128:512])))
    data = bytes(head) + bytes(body)
    return data + bytes(CHUNK_SIZE - len(data))


def build_evtx(events, per_chunk=None):
    """The bytes of an .evtx file holding `events`, `per_chunk` of them in each chunk (all in
    one chunk by default)."""
    if not events:
        raise ValueError("no events")
    per_chunk = per_chunk or len(events)
    groups = [events[i:i + per_chunk] for i in range(0, len(events), per_chunk)]
    header = bytearray(FILE_HEADER_SIZE)
    header[0:8] = b"ElfFile\0"
    struct.pack_into("<QQQIHHHH", header, 8, 0, len(groups) - 1, len(events) + 1, 128, 1, 3,
                     FILE_HEADER_SIZE, len(groups))
    struct.pack_into("<I", header, 120, 0)  # flags: neither dirty nor full
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[0:120])))
    out = bytearray(header)
    next_id = 1
    for group in groups:
        out += chunk(group, next_id)
        next_id += len(group)
    return bytes(out)


def record_offsets(data):
    """(file offset, size) of each record, in order, read back from the chunk headers."""
    chunks = struct.unpack_from("<H", data, 42)[0]
    found = []
    for n in range(chunks):
        base = FILE_HEADER_SIZE + n * CHUNK_SIZE
        free = struct.unpack_from("<I", data, base + 48)[0]
        at = base + CHUNK_HEADER_SIZE
        while at < base + free:
            size = struct.unpack_from("<I", data, at + 4)[0]
            found.append((at, size))
            at += size
    return found


def damage(data, cut_mid_record=None, flip_chunk_crc=None):
    """A damaged copy: cut in the middle of record K (1-based), or chunk N's (0-based) header
    checksum with one bit flipped."""
    if cut_mid_record is not None:
        at, size = record_offsets(data)[cut_mid_record - 1]
        return data[:at + size // 2]
    out = bytearray(data)
    out[FILE_HEADER_SIZE + flip_chunk_crc * CHUNK_SIZE + 124] ^= 0x01
    return bytes(out)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write")
    write.add_argument("events")
    write.add_argument("out")
    write.add_argument("--per-chunk", type=int)
    hurt = sub.add_parser("damage")
    hurt.add_argument("input")
    hurt.add_argument("out")
    how = hurt.add_mutually_exclusive_group(required=True)
    how.add_argument("--cut-mid-record", type=int)
    how.add_argument("--flip-chunk-crc", type=int)
    args = parser.parse_args(argv)
    if args.command == "write":
        with open(args.events, encoding="utf-8") as f:
            data = build_evtx(json.load(f), args.per_chunk)
    else:
        with open(args.input, "rb") as f:
            data = damage(f.read(), args.cut_mid_record, args.flip_chunk_crc)
    with open(args.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv[1:])
