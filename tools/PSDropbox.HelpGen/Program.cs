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
    problems.AddRange(HelpRules.Check(name, type, doc));
    commands.Add(MamlWriter.Command(cmdlet, type, doc));
}

Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
MamlWriter.Document(commands).Save(outputPath);
Console.WriteLine($"PSDropbox.HelpGen: help for {commands.Count} cmdlets -> {outputPath}");
// Incomplete help is reported, not fatal: tests/Pester/Help.Tests.ps1 is what holds every cmdlet to the rules.
foreach (var problem in problems) Console.WriteLine($"PSDropbox.HelpGen: incomplete help: {problem}");
return 0;
