"""Assertions on what the SDK decoded (it has already validated every response against the spec's types)."""
import dropbox.exceptions


def equal(actual, expected, what=""):
    if actual != expected:
        raise AssertionError("%s: expected %r, got %r" % (what or "value", expected, actual))


def true(condition, what):
    if not condition:
        raise AssertionError(what)


def tags(value):
    """The union tags down a chain of nested unions: UploadError('path', ...) -> ['path', ...]."""
    chain = []
    while value is not None and hasattr(value, "_tag"):
        chain.append(value._tag)
        value = value._value
        if value is not None and not hasattr(value, "_tag"):
            # a struct member (UploadWriteFailed, ...): follow its first union-valued field
            inner = [getattr(value, f) for f in dir(value) if not f.startswith("_") and hasattr(getattr(value, f, None), "_tag")]
            value = inner[0] if inner else None
    return chain


def api_error(call, *expected_tags):
    """Runs call, which must fail with a 409 route error whose union tags start with expected_tags; returns the error value."""
    try:
        call()
    except dropbox.exceptions.ApiError as error:
        got = tags(error.error)
        if got[:len(expected_tags)] != list(expected_tags):
            raise AssertionError("expected route error %s, got %s (%r)" % ("/".join(expected_tags), "/".join(got), error.error))
        return error.error
    raise AssertionError("expected route error %s, the call succeeded" % "/".join(expected_tags))


def raises(call, exception_type):
    try:
        call()
    except exception_type as error:
        return error
    raise AssertionError("expected %s, the call succeeded" % exception_type.__name__)


def content_hash(data):
    """Dropbox's content_hash: SHA-256 of the concatenated SHA-256 digests of each 4 MiB block."""
    import hashlib
    block = 4 * 1024 * 1024
    digests = b"".join(hashlib.sha256(data[i:i + block]).digest() for i in range(0, len(data), block))
    return hashlib.sha256(digests).hexdigest()
