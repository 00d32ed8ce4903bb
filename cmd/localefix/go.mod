module early.hanout/localefix

go 1.26.0
