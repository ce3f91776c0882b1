Describe 'Broken syntax' {
    It 'never parses' {
        if ( {
    }
}
