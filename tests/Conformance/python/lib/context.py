"""What a step receives: SDK clients for two accounts, the emulator's admin hooks, shared state."""
import json
import urllib.request

import dropbox


class Context:
    root = "/PySDK"

    def __init__(self, args):
        self.base_url = args.base_url.rstrip("/") + "/"
        self.token = args.token
        self.app_key = args.app_key
        self.dbx = dropbox.Dropbox(args.token, timeout=60)
        self.dbx2 = dropbox.Dropbox(args.token2, timeout=60)
        self.state = {}

    def client(self, **options):
        """Another SDK client for the first account (e.g. max_retries_on_rate_limit=0, or extra headers)."""
        return dropbox.Dropbox(self.token, timeout=60, **options)

    def admin(self, method, path, body=None):
        """An /_emulator/ hook on the emulator's plain-http URL (not through the proxy)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base_url + "_emulator/" + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode("utf-8")
        return json.loads(text) if text else None

    def requests_for(self, route):
        """The emulator's request log for one route (oldest first)."""
        return self.admin("GET", "requests?route=" + route)

    def path(self, *parts):
        return "/".join((self.root,) + parts)
