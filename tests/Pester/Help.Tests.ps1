BeforeDiscovery {
    $manifest = [System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'PSDropbox', 'PSDropbox.psd1')
    $module = Import-Module $manifest -Force -PassThru -ErrorAction Stop
    $cmdlets = @($module.ExportedCmdlets.Keys | ForEach-Object { @{ Name = $_ } })
}

BeforeAll { . $PSScriptRoot/TestHelpers.ps1 }

Describe 'Help for <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
        $commonParameters = @([System.Management.Automation.Cmdlet]::CommonParameters) + @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)
        $parameters = @((Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $commonParameters })
    }

    It 'has a synopsis of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -Match "^$Name\b"
    }

    It 'has a description' {
        ($help.Description | ForEach-Object Text) -join ' ' | Should -Match '\w+ \w+ \w+'
    }

    It 'describes every parameter' {
        foreach ($parameter in $parameters) {
            $entry = $help.Parameters.Parameter | Where-Object Name -EQ $parameter
            ($entry.Description | ForEach-Object Text) -join ' ' | Should -Match '\w+ \w+' -Because "-$parameter needs a description"
        }
    }

    It 'has at least two examples with code' {
        @($help.Examples.Example).Count | Should -BeGreaterThan 1
        foreach ($example in $help.Examples.Example) { $example.Code | Should -Not -BeNullOrEmpty }
    }

    It 'shows what a parameter is when it is not given as its default value' {
        $type = (Get-Command $Name).ImplementingType
        $instance = [Activator]::CreateInstance($type)
        foreach ($parameter in $parameters) {
            $value = $type.GetProperty($parameter).GetValue($instance)
            $entry = $help.Parameters.Parameter | Where-Object Name -EQ $parameter
            $expected = if ($value -is [System.Management.Automation.SwitchParameter]) { 'False' }
            elseif ($null -eq $value -or ($value -is [string] -and $value -eq '') -or ($value -is [array] -and $value.Count -eq 0)) { 'None' }
            elseif ($value -is [array]) { $value -join ', ' }
            elseif ($value.GetType().IsValueType -and $value -isnot [bool] -and $value -eq [Activator]::CreateInstance($value.GetType())) { 'None' }
            else { [System.Convert]::ToString($value, [cultureinfo]::InvariantCulture) }
            "$($entry.defaultValue)" | Should -BeExactly $expected -Because "-$parameter starts as '$value'"
        }
    }

    It 'has an online address (Get-Help -Online) at the README' {
        (Get-Command $Name).HelpUri | Should -Match '^https://github\.com/[^/]+/[^/]+/blob/main/README\.md#[a-z0-9-]+$'
        @($help.relatedLinks.navigationLink)[0].uri | Should -BeExactly (Get-Command $Name).HelpUri
    }
}

Describe 'Help text' {
    It 'shows defaults the text gives: <Command> -<Parameter> is <Value>' -ForEach @(
        @{ Command = 'Get-DropboxChildItem'; Parameter = 'Path'; Value = '/' }
        @{ Command = 'Get-DropboxChildItem'; Parameter = 'PageSize'; Value = '2000' }
        @{ Command = 'Search-DropboxItem'; Parameter = 'OrderBy'; Value = 'Relevance' }
        @{ Command = 'Search-DropboxItem'; Parameter = 'First'; Value = '10000' }
        @{ Command = 'Receive-DropboxFile'; Parameter = 'ThrottleLimit'; Value = '32' }
        @{ Command = 'Receive-DropboxFile'; Parameter = 'Force'; Value = 'False' }
        @{ Command = 'Receive-DropboxFile'; Parameter = 'Rev'; Value = 'None' }
    ) {
        $entry = (Get-Help $Command -Full).Parameters.Parameter | Where-Object Name -EQ $Parameter
        "$($entry.defaultValue)" | Should -BeExactly $Value
    }

    It 'gives -WhatIf and -Confirm the cmdlet''s own text where its help file has one, else the common one' {
        (Get-Help Sync-DropboxFolder -Parameter WhatIf).Description.Text | Should -BeLike 'Changes nothing: writes a "What if:" line per action*'
        (Get-Help Sync-DropboxFolder -Parameter Confirm).Description.Text | Should -BeExactly 'Asks before each action.'
        (Get-Help Remove-DropboxItem -Parameter WhatIf).Description.Text | Should -BeExactly 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    }

    It 'says which parameters accept wildcards, as Get-Help -Parameter shows them' {
        $accepting = foreach ($command in 'Get-DropboxChildItem', 'Get-DropboxItem', 'Receive-DropboxFile', 'Copy-DropboxItem', 'Move-DropboxItem', 'Remove-DropboxItem', 'Send-DropboxFile') {
            '{0} -Path {1}' -f $command, (Get-Help $command -Parameter Path).globbing
        }
        $accepting | Should -Be @(
            'Get-DropboxChildItem -Path true', 'Get-DropboxItem -Path true', 'Receive-DropboxFile -Path true', 'Copy-DropboxItem -Path true',
            'Move-DropboxItem -Path true', 'Remove-DropboxItem -Path true', 'Send-DropboxFile -Path true')
        (Get-Help Send-DropboxFile -Parameter LiteralPath).globbing | Should -BeExactly 'false'
        (Get-Help Copy-DropboxItem -Parameter Destination).globbing | Should -BeExactly 'false'
    }

    It 'renders a bullet list as one paragraph per item' {
        $paragraphs = @((Get-Help Connect-Dropbox).Description | ForEach-Object Text)
        $items = @($paragraphs | Where-Object { $_ -like '- *' })
        $items.Count | Should -BeGreaterOrEqual 3
        $items[0] | Should -Match '^- Interactive'
        $items[1] | Should -Match '^- Paste code'
    }

    It 'has the about topic <Topic>, found by Get-Help' -ForEach @(
        @{ Topic = 'about_PSDropbox'; Words = 'Remote paths', 'Connections', 'Profiles', 'Errors and their ids', 'Retries and timeouts', 'Scheduled tasks' }
        @{ Topic = 'about_PSDropbox_Emulator'; Words = 'Start-DropboxEmulator', 'Stop-DropboxEmulator', 'Faults', 'Pester' }
    ) {
        $text = Get-Help $Topic | Out-String
        $text | Should -Match "TOPIC\s+$Topic"
        $text | Should -Match 'SHORT DESCRIPTION'
        foreach ($word in $Words) { $text | Should -Match ([regex]::Escape($word)) }
        # wrapped for a console: no line longer than 80 characters outside code
        @($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 -and $_ -notmatch '^ {8}' }) | Should -BeNullOrEmpty
    }

    It 'makes every docs/help/about_*.md available to Get-Help' {
        $topics = Get-ChildItem (Join-Path $PSScriptRoot '../../docs/help') -Filter 'about_*.md' | ForEach-Object BaseName
        $topics | Should -Not -BeNullOrEmpty
        foreach ($topic in $topics) { Get-Help $topic | Out-String | Should -Match "TOPIC\s+$topic" }
    }
}
