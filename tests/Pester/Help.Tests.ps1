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
}
