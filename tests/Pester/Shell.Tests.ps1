# The README's run command, ./build.ps1 -Shell: after the build it opens pwsh 7.6.10 with
# tools/Open-EmulatorShell.ps1. These tests open that shell the same way (without the build) and type into it.
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1

    # Opens the shell, types each line and `exit`; returns the text it printed (without colours) and its exit code.
    function Invoke-Shell([string[]]$Line) {
        $start = New-PwshStartInfo -ArgumentList '-NoExit', '-File', (Join-Path $RepoRoot 'tools/Open-EmulatorShell.ps1')
        $shell = [System.Diagnostics.Process]::Start($start)
        try {
            $errors = $shell.StandardError.ReadToEndAsync()
            $output = $shell.StandardOutput.ReadToEndAsync()
            foreach ($l in @($Line) + 'exit') { $shell.StandardInput.WriteLine($l) }
            $shell.StandardInput.Close()
            $shell.WaitForExit(120000) | Should -BeTrue -Because 'the shell ends with exit'
            $text = ($output.Result + $errors.Result) -replace '\x1b\[[0-9;?]*[A-Za-z]', ''
            [pscustomobject]@{ ExitCode = $shell.ExitCode; Text = $text }
        }
        finally { $shell.Dispose() }
    }
}

Describe './build.ps1 -Shell' {
    It 'is pwsh 7.6.10 with PSReadLine and every built-in cmdlet, connected to an emulator seeded with samples/tree that stops at exit' {
        $shell = Invoke-Shell '$PSVersionTable.PSVersion.ToString()', '(Get-Module PSReadLine).Name', "Get-Date -Format 'yyyy-MM-dd'",
            'Get-DropboxChildItem / -Recurse | Format-Table', "'emulator process ' + `$Emulator.ProcessId"
        $shell.ExitCode | Should -Be 0 -Because $shell.Text
        $shell.Text | Should -Match '(?m)^7\.6\.10\s*$'
        $shell.Text | Should -Match '(?m)^PSReadLine\s*$'
        $shell.Text | Should -Match "(?m)^$(Get-Date -Format 'yyyy-MM-dd')\s*$"
        $shell.Text | Should -Match 'connected to the emulator at http://127\.0\.0\.1:\d+'
        $shell.Text | Should -Match 'Folder: /Documents'
        $shell.Text | Should -Match 'Mode\s+LastWriteTime\s+Length\s+Name'
        $shell.Text | Should -Match 'd----\s+Photos'
        $shell.Text | Should -Match '-a---.*\s32 Budget-2026\.md'
        $shell.Text | Should -Match 'data\.csv'

        $id = [int][regex]::Match($shell.Text, 'emulator process (\d+)').Groups[1].Value
        $id | Should -BeGreaterThan 0
        Get-Process -Id $id -ErrorAction Ignore | Should -BeNullOrEmpty -Because 'the emulator stops when the shell exits'
    }

    It 'shows a failing command''s error without a stack trace, and goes on' {
        $shell = Invoke-Shell 'Get-DropboxItem /no-such-file.txt', "'still here'"
        $shell.Text | Should -Match "'/no-such-file\.txt' was not found"
        $shell.Text | Should -Match '(?m)^still here\s*$'
        $shell.Text | Should -Not -Match '\s+at PSDropbox\.'
    }
}
