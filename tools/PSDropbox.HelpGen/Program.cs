using System.Management.Automation;
using System.Reflection;
using PSDropbox.HelpGen;

// usage: PSDropbox.HelpGen <module dll> <docs/help folder> <output PSDropbox.dll-Help.xml>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PSDropbox.HelpGen <PSDropbox.dll> <docs/help> <PSDropbox.dll-Help.xml>");
    return 2;
}
var (modulePath, docsPath, outputPath) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]), Path.GetFullPath(args[2]));
var module = Assembly.LoadFrom(modulePath);
var commands = new List<System.Xml.Linq.XElement>();
var problems = new List<string>();
// Parameters many cmdlets share (-Connection...) are described once, in _SharedParameters.md; a cmdlet's own file may still override one.
var sharedFile = Path.Combine(docsPath, "_SharedParameters.md");
var shared = File.Exists(sharedFile) ? HelpDocument.Parse(File.ReadAllText(sharedFile)).Parameters : new Dictionary<string, List<string>>();

foreach (var type in module.GetExportedTypes().Where(t => !t.IsAbstract).OrderBy(t => t.Name))
{
    if (type.GetCustomAttribute<CmdletAttribute>() is not { } cmdlet) continue;
    var name = $"{cmdlet.VerbName}-{cmdlet.NounName}";
    var file = Path.Combine(docsPath, name + ".md");
    if (!File.Exists(file))
    {
        problems.Add($"{name}: no help file {file}");
        continue;
    }
    var doc = HelpDocument.Parse(File.ReadAllText(file));
    foreach (var parameter in new CommandMetadata(type).Parameters.Keys)
    {
        if (!doc.Parameters.ContainsKey(parameter) && shared.TryGetValue(parameter, out var text)) doc.Parameters[parameter] = text;
    }
    problems.AddRange(HelpRules.Check(name, type, doc));
    commands.Add(MamlWriter.Command(cmdlet, type, doc));
}

Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
MamlWriter.Document(commands).Save(outputPath);
Console.WriteLine($"PSDropbox.HelpGen: help for {commands.Count} cmdlets -> {outputPath}");

// about_*.md -> en-US/about_*.help.txt beside the module, where Get-Help about_... looks for them.
var aboutFolder = Path.Combine(Path.GetDirectoryName(outputPath)!, "en-US");
Directory.CreateDirectory(aboutFolder);
foreach (var about in Directory.EnumerateFiles(docsPath, "about_*.md"))
{
    var target = Path.Combine(aboutFolder, Path.GetFileNameWithoutExtension(about) + ".help.txt");
    File.WriteAllText(target, AboutWriter.Render(File.ReadAllText(about)));
    Console.WriteLine($"PSDropbox.HelpGen: {Path.GetFileName(about)} -> {target}");
}
// Incomplete help is reported, not fatal: tests/Pester/Help.Tests.ps1 is what holds every cmdlet to the rules.
foreach (var problem in problems) Console.WriteLine($"PSDropbox.HelpGen: incomplete help: {problem}");
return 0;
