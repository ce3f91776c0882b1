Describe 'Fixture' {
    It 'passes' {
        1 | Should -Be 1
    }

    It 'fails on Should' {
        $x = 3
        $x | Should -Be 5
    }

    It 'fails on throw' {
        throw 'plain boom'
    }

    It 'has a non-terminating error but passes' {
        Get-Command 'No-SuchCommandForTheFixture'
        'host text from the test' | Out-Default
    }

    It 'fails on -Not -Throw' {
        { throw 'inner boom' } | Should -Not -Throw
    }

    Context 'Broken setup' {
        BeforeAll {
            throw 'setup exploded'
        }

        It 'first victim' { 1 | Should -Be 1 }
        It 'second victim' { 1 | Should -Be 1 }
    }

    Context 'Broken teardown' {
        AfterAll { throw 'teardown exploded' }
        It 'reported failed by AfterAll' { 1 | Should -Be 1 }
    }
}

Describe 'Fixture data' {
    It 'row <Name> is <Value>' -ForEach @(
        @{ Name = 'one'; Value = 1 }
        @{ Name = 'two'; Value = 2 }
    ) {
        $Value | Should -BeLessThan 2
    }
}
