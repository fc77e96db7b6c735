"""The events of a flight recording as `jfr print` writes them, for bench/jfr-monitors.py, bench/jfr-safepoints.py and
bench/jfr-overlap.py: each event's type, its text (fields and stack) and its duration in ms."""
import re
import subprocess

UNIT_MS = {"s": 1000.0, "ms": 1.0, "us": 0.001, "ns": 0.000001}
_EVENT_START = re.compile(r"\n(?=jdk\.\w+ \{)")
_DURATION = re.compile(r"duration = ([\d.]+) (s|ms|us|ns)\b")
_START = re.compile(r"startTime = (\d+):(\d+):(\d+)\.(\d+)")


def events(path, types, stack_depth=None):
    """(type, text, duration in ms or None) of every event of these types in the recording at path."""
    command = ["jfr", "print", "--events", ",".join(types)]
    if stack_depth is not None:
        command += ["--stack-depth", str(stack_depth)]
    text = subprocess.run(command + [path], capture_output=True, text=True, check=True).stdout
    for event in _EVENT_START.split("\n" + text):
        head = re.match(r"\s*(jdk\.\w+) \{", event)
        if not head:
            continue
        d = _DURATION.search(event)
        yield head.group(1), event, float(d.group(1)) * UNIT_MS[d.group(2)] if d else None


def start_ms(event):
    """The event's start as ms since midnight (`jfr print`'s clock time, to the ms), or None."""
    m = _START.search(event)
    if not m:
        return None
    h, mi, sec, frac = m.groups()
    return ((int(h) * 60 + int(mi)) * 60 + int(sec)) * 1000.0 + float("0." + frac) * 1000
