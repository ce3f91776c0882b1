using System.Globalization;
using System.Management.Automation;
using System.Xml.Linq;

namespace PSDropbox.HelpGen;

/// <summary>Writes one command:command element from a cmdlet's metadata and its markdown prose.</summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Cmd = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly Dictionary<string, string> ShouldProcessParameters = new()
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    public static XDocument Document(IEnumerable<XElement> commands) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(Msh + "helpItems", new XAttribute("schema", "maml"),
            new XAttribute(XNamespace.Xmlns + "maml", Maml), new XAttribute(XNamespace.Xmlns + "command", Cmd),
            new XAttribute(XNamespace.Xmlns + "dev", Dev), commands));

    /// <summary>Where -Online (and the first related link) points when the help file names no address of its own.</summary>
    public const string OnlineDefault = "https://github.com/psdropbox/psdropbox/blob/main/README.md#cmdlets";

    public static XElement Command(CmdletAttribute cmdlet, Type type, HelpDocument doc)
    {
        var metadata = new CommandMetadata(type);
        var name = $"{cmdlet.VerbName}-{cmdlet.NounName}";
        var parameters = metadata.Parameters.Values.ToList();
        var defaults = Activator.CreateInstance(type);
        if (!doc.RelatedLinks.FirstOrDefault()?.Contains("](http", StringComparison.Ordinal) ?? true)
            doc.RelatedLinks.Insert(0, $"[Online version]({OnlineDefault})");

        return new XElement(Cmd + "command",
            new XElement(Cmd + "details",
                new XElement(Cmd + "name", name),
                new XElement(Cmd + "verb", cmdlet.VerbName),
                new XElement(Cmd + "noun", cmdlet.NounName),
                Description(new[] { doc.Synopsis })),
            Description(doc.Description),
            new XElement(Cmd + "syntax", SyntaxItems(name, metadata, parameters, doc, defaults)),
            new XElement(Cmd + "parameters",
                parameters.Select(p => Parameter(p, AllSets(p), doc, defaults)).Concat(ShouldProcess(metadata, doc))),
            new XElement(Cmd + "inputTypes", InputTypes(parameters)),
            new XElement(Cmd + "returnValues",
                type.GetCustomAttributes(typeof(OutputTypeAttribute), true).Cast<OutputTypeAttribute>()
                    .SelectMany(o => o.Type).Where(t => t.Type != typeof(void))
                    .Select(t => new XElement(Cmd + "returnValue", TypeElement(t.Name), Description(Array.Empty<string>())))),
            new XElement(Maml + "alertSet", doc.Notes.Select(n => new XElement(Maml + "alert", new XElement(Maml + "para", n)))),
            new XElement(Cmd + "examples", doc.Examples.Select(Example)),
            new XElement(Cmd + "relatedLinks", doc.RelatedLinks.Select(Link)));
    }

    private static IEnumerable<XElement> SyntaxItems(string name, CommandMetadata metadata, List<ParameterMetadata> parameters, HelpDocument doc,
        object? defaults)
    {
        var sets = parameters.SelectMany(p => p.ParameterSets.Keys).Where(s => s != ParameterAttribute.AllParameterSets).Distinct().ToList();
        if (sets.Count == 0) sets.Add(ParameterAttribute.AllParameterSets);
        foreach (var set in sets.OrderBy(s => s == metadata.DefaultParameterSetName ? 0 : 1))
        {
            var members = parameters
                .Select(p => (Parameter: p, Set: p.ParameterSets.TryGetValue(set, out var s) ? s :
                    p.ParameterSets.TryGetValue(ParameterAttribute.AllParameterSets, out var all) ? all : null))
                .Where(x => x.Set is not null)
                .OrderBy(x => x.Set!.Position < 0 ? int.MaxValue : x.Set!.Position);
            yield return new XElement(Cmd + "syntaxItem",
                new XElement(Maml + "name", name),
                members.Select(x => Parameter(x.Parameter, x.Set!, doc, defaults)).Concat(ShouldProcess(metadata, doc)));
        }
    }

    private static ParameterSetMetadata AllSets(ParameterMetadata p) =>
        p.ParameterSets.Values.FirstOrDefault(s => s.IsMandatory) ?? p.ParameterSets.Values.First();

    private static XElement Parameter(ParameterMetadata p, ParameterSetMetadata set, HelpDocument doc, object? defaults)
    {
        var pipeline = (set.ValueFromPipeline, set.ValueFromPipelineByPropertyName) switch
        {
            (true, true) => "True (ByPropertyName, ByValue)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var typeName = FriendlyName(p.ParameterType);
        doc.Parameters.TryGetValue(p.Name, out var text);
        return new XElement(Cmd + "parameter",
            new XAttribute("required", set.IsMandatory ? "true" : "false"),
            new XAttribute("variableLength", p.ParameterType.IsArray ? "true" : "false"),
            new XAttribute("globbing", p.Attributes.OfType<SupportsWildcardsAttribute>().Any() ? "true" : "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", set.Position >= 0 ? set.Position.ToString() : "named"),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(Maml + "name", p.Name),
            Description(text ?? (IEnumerable<string>)Array.Empty<string>()),
            p.SwitchParameter ? null : new XElement(Cmd + "parameterValue", new XAttribute("required", "true"),
                new XAttribute("variableLength", p.ParameterType.IsArray ? "true" : "false"), typeName),
            TypeElement(typeName),
            new XElement(Dev + "defaultValue", DefaultValue(defaults, p.Name)));
    }

    /// <summary>
    /// What the parameter is when it is not given: the cmdlet property's initial value ("/", 2000, Relevance...); "None" for
    /// null, empty and zero values, which mean "not given" (the text says what happens then).
    /// </summary>
    internal static string DefaultValue(object? cmdlet, string parameter)
    {
        var value = cmdlet?.GetType().GetProperty(parameter)?.GetValue(cmdlet);
        switch (value)
        {
            case null:
                return "None";
            case SwitchParameter s:
                return s.IsPresent ? "True" : "False";
            case string text:
                return text.Length == 0 ? "None" : text;
            case Array array:
                return array.Length == 0 ? "None" : string.Join(", ", array.Cast<object>().Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
        }
        var type = value.GetType();
        if (type.IsValueType && value.Equals(Activator.CreateInstance(type)) && type != typeof(bool)) return "None";
        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "None";
    }

    /// <summary>-WhatIf and -Confirm: the help file's own text for them when it has one (what this cmdlet shows or asks), else the common one.</summary>
    private static IEnumerable<XElement> ShouldProcess(CommandMetadata metadata, HelpDocument doc)
    {
        if (!metadata.SupportsShouldProcess) yield break;
        foreach (var (name, common) in ShouldProcessParameters)
        {
            var text = doc.Parameters.TryGetValue(name, out var own) && own.Count > 0 ? own : new List<string> { common };
            yield return new XElement(Cmd + "parameter",
                new XAttribute("required", "false"), new XAttribute("variableLength", "false"), new XAttribute("globbing", "false"),
                new XAttribute("pipelineInput", "False"), new XAttribute("position", "named"),
                new XAttribute("aliases", name == "WhatIf" ? "wi" : "cf"),
                new XElement(Maml + "name", name), Description(text), TypeElement("SwitchParameter"),
                new XElement(Dev + "defaultValue", "False"));
        }
    }

    private static IEnumerable<XElement> InputTypes(IEnumerable<ParameterMetadata> parameters) =>
        parameters.Where(p => p.ParameterSets.Values.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName))
            .Select(p => p.ParameterType.FullName ?? p.ParameterType.Name).Distinct()
            .Select(t => new XElement(Cmd + "inputType", TypeElement(t), Description(Array.Empty<string>())));

    private static XElement Example(HelpExample example, int index) => new(Cmd + "example",
        new XElement(Maml + "title", $"-------------------------- {example.Title} --------------------------"),
        new XElement(Dev + "code", example.Code),
        new XElement(Dev + "remarks", example.Remarks.Select(r => new XElement(Maml + "para", r))));

    private static XElement Link(string text)
    {
        // "[Text](uri)" or plain "Text"
        var label = text;
        var uri = "";
        if (text.StartsWith('[') && text.IndexOf("](", StringComparison.Ordinal) is var split and > 0 && text.EndsWith(')'))
        {
            label = text[1..split];
            uri = text[(split + 2)..^1];
        }
        return new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", label), new XElement(Maml + "uri", uri));
    }

    private static XElement Description(IEnumerable<string> paragraphs) =>
        new(Maml + "description", paragraphs.Select(p => new XElement(Maml + "para", p)));

    private static XElement TypeElement(string name) => new(Dev + "type", new XElement(Maml + "name", name), new XElement(Maml + "uri"));

    private static string FriendlyName(Type type)
    {
        if (type.IsArray) return FriendlyName(type.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } inner) return FriendlyName(inner);
        return type.Name;
    }
}
