using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>
/// Typed, validating access to a decoded route argument. Every failure is the Dropbox 400 text:
/// <c>Error in call to API function "r": request body: field: reason</c> (source varies by where the arg came from).
/// Unknown fields are ignored (lenient).
/// </summary>
internal readonly struct ArgReader
{
    private readonly JsonElement _root;

    public ArgReader(JsonElement root, string route, string source)
    {
        _root = root;
        Route = route;
        Source = source;
    }

    public string Route { get; }

    /// <summary>"request body", "HTTP header \"Dropbox-API-Arg\"" or "URL parameter \"arg\"".</summary>
    public string Source { get; }

    public JsonElement Root => _root;

    public BadRequestException Bad(string reason) => BadRequestException.InCall(Route, $"{Source}: {reason}");

    /// <summary>Requires the argument to be a JSON object (struct arguments).</summary>
    public ArgReader RequireObject()
    {
        if (_root.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"expected object, got {KindName(_root)}");
        }
        return this;
    }

    public bool TryGet(string name, out JsonElement value)
    {
        if (_root.ValueKind == JsonValueKind.Object && _root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }
        value = default;
        return false;
    }

    public string RequireString(string name)
    {
        RequireObject();
        if (!TryGet(name, out var e))
        {
            throw Bad($"missing required field '{name}'");
        }
        if (e.ValueKind != JsonValueKind.String)
        {
            throw Bad($"{name}: expected string, got {KindName(e)}");
        }
        return e.GetString()!;
    }

    public string? OptionalString(string name)
    {
        RequireObject();
        if (!TryGet(name, out var e))
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.String)
        {
            throw Bad($"{name}: expected string, got {KindName(e)}");
        }
        return e.GetString();
    }

    public bool Bool(string name, bool defaultValue)
    {
        RequireObject();
        if (!TryGet(name, out var e))
        {
            return defaultValue;
        }
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad($"{name}: expected boolean, got {KindName(e)}"),
        };
    }

    public long? OptionalInteger(string name, long min, long max)
    {
        RequireObject();
        if (!TryGet(name, out var e))
        {
            return null;
        }
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v))
        {
            throw Bad($"{name}: expected integer, got {KindName(e)}");
        }
        if (v < min)
        {
            throw Bad($"{name}: {v.ToString(CultureInfo.InvariantCulture)} is not greater than or equal to {min.ToString(CultureInfo.InvariantCulture)}");
        }
        if (v > max)
        {
            throw Bad($"{name}: {v.ToString(CultureInfo.InvariantCulture)} is not less than or equal to {max.ToString(CultureInfo.InvariantCulture)}");
        }
        return v;
    }

    /// <summary>
    /// A path field: a value not matching the Stone <paramref name="pattern"/> (a <see cref="PathRules"/> constant) is a 400;
    /// structural problems are <see cref="PathProblemException"/>s (malformed_path, disallowed_name) for the route's error union.
    /// </summary>
    public PathSpec Path(string name, string pattern, bool forWrite)
    {
        string value = RequireString(name);
        if (!PathRules.Matches(pattern, value))
        {
            throw Bad($"{name}: '{value}' did not match pattern '{pattern}'");
        }
        return PathRules.ParseValue(value, forWrite);
    }

    /// <summary>Union field given as "tag" or {".tag":"tag", ...}; returns the tag and the element.</summary>
    public (string Tag, JsonElement Value)? OptionalUnion(string name)
    {
        RequireObject();
        if (!TryGet(name, out var e))
        {
            return null;
        }
        if (e.ValueKind == JsonValueKind.String)
        {
            return (e.GetString()!, e);
        }
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(".tag", out var tag) && tag.ValueKind == JsonValueKind.String)
        {
            return (tag.GetString()!, e);
        }
        throw Bad($"{name}: expected union (string or object with \".tag\"), got {KindName(e)}");
    }

    public static string KindName(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "string",
        JsonValueKind.Number => e.TryGetInt64(out _) ? "integer" : "float",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
