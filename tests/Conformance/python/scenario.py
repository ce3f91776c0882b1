"""The official Dropbox Python SDK (Debian python3-dropbox) drives a PSDropbox emulator, through its TLS proxy.

Usage (the emulator started with --tls-proxy-port, an extra account and a PKCE app; see README.md):
  HTTPS_PROXY=http://127.0.0.1:Q NO_PROXY=127.0.0.1 REQUESTS_CA_BUNDLE=<data>/tls/ca.pem \\
    /usr/bin/python3 python/scenario.py --base-url http://127.0.0.1:PORT/ --token T --token2 T2 --app-key K
  /usr/bin/python3 python/scenario.py --list
Prints one "##conformance {json}" line per step (lib/harness.py). Steps live in steps/*.py, run in file-name order.
"""
import argparse
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from lib import harness  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--base-url")
    parser.add_argument("--token")
    parser.add_argument("--token2")
    parser.add_argument("--app-key")
    args = parser.parse_args()
    steps_dir = os.path.join(HERE, "steps")
    for name in sorted(f for f in os.listdir(steps_dir) if f.endswith(".py")):
        spec = importlib.util.spec_from_file_location("steps." + name[:-3], os.path.join(steps_dir, name))
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    ctx = None
    if not args.list:
        if not (args.base_url and args.token and args.token2 and args.app_key):
            parser.error("--base-url, --token, --token2 and --app-key are required (or --list)")
        from lib.context import Context
        ctx = Context(args)
    harness.run_all(ctx, list_only=args.list)


if __name__ == "__main__":
    main()
