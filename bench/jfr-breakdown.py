#!/usr/bin/env python3
"""Where the CPU went in a flight recording of the meta-controller (bench/run.sh with JFR_DIR=...).

Every execution sample is charged to the first frame, from the top of its stack, that belongs to a known layer
(the JDBC driver, JSON, bean validation, Micrometer, Spring Security, Spring MVC, Spring JDBC, Tomcat, Flotilla's
own code); samples of the status writer thread are also counted apart. Usage: jfr-breakdown.py FILE.jfr
"""
import collections
import re
import subprocess
import sys

LAYERS = [
    ("JDBC driver and pool", ("org.postgresql.", "com.zaxxer.")),
    ("JSON (Jackson)", ("tools.jackson.", "com.fasterxml.")),
    ("bean validation", ("org.hibernate.validator.", "jakarta.validation.")),
    ("Micrometer (metrics, observations)", ("io.micrometer.",)),
    ("Spring Security", ("org.springframework.security.",)),
    ("Spring JDBC and transactions", ("org.springframework.jdbc.", "org.springframework.transaction.")),
    ("Spring MVC and web filters", ("org.springframework.web.", "org.springframework.http.",
                                    "org.springframework.validation.")),
    ("Tomcat", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("Flotilla code", ("dev.flotilla.",)),
    ("Spring (other)", ("org.springframework.",)),
    ("JFR itself", ("jdk.jfr.",)),
]


def main(path):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", path],
                         capture_output=True, text=True, check=True).stdout
    layers = collections.Counter()
    threads = collections.Counter()
    flotilla = collections.Counter()
    total = 0
    for sample in out.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>]+)\(", sample, re.M)
        if not frames:
            continue
        total += 1
        thread = re.search(r'sampledThread = "([^"]+)"', sample)
        threads[re.sub(r"\d+", "N", thread.group(1)) if thread else "?"] += 1
        layer = "JDK and other"
        for frame in frames:
            match = next((name for name, prefixes in LAYERS if frame.startswith(prefixes)), None)
            if match:
                layer = match
                break
        layers[layer] += 1
        own = next((f for f in frames if f.startswith("dev.flotilla.") and "$$" not in f
                    and not f.startswith(("dev.flotilla.meta.web.BearerTokenFilter",
                                          "dev.flotilla.meta.web.RequestLimitFilter",
                                          "dev.flotilla.meta.agentgateway.AgentProtocolFilter",
                                          "dev.flotilla.meta.agentgateway.AgentConnectorConfiguration"))), None)
        if own:
            flotilla[own] += 1
    print(f"{total} samples in {path}")
    print("by layer (first known frame from the top of the stack):")
    for name, count in layers.most_common():
        print(f"  {count * 100 / total:5.1f}%  {name}")
    print("by thread:")
    for name, count in threads.most_common(8):
        print(f"  {count * 100 / total:5.1f}%  {name}")
    print("deepest Flotilla method on the stack (filters excluded), top 12:")
    for name, count in flotilla.most_common(12):
        print(f"  {count * 100 / total:5.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
