// T-SQL lexer and parser (shared by the converter and the SQL Server emulator).
export {};
