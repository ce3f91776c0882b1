using System.Management.Automation.Host;

namespace PSDropbox.Host;

/// <summary>The little of the raw console the formatter needs: a buffer width for tables.</summary>
internal sealed class ConsoleRawUI : PSHostRawUserInterface
{
    private static int Columns => Console.IsOutputRedirected ? 120 : Math.Max(40, Console.WindowWidth);

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get => new(Columns, 9999); set { } }
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; } = 1;
    public override bool KeyAvailable => false;
    public override Size MaxPhysicalWindowSize => new(Columns, 50);
    public override Size MaxWindowSize => new(Columns, 50);
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get => new(Columns, 50); set { } }
    public override string WindowTitle { get; set; } = "PSDropbox";

    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("ReadKey is not supported by this host.");
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
}
