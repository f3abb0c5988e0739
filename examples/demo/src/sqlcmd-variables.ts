// sqlcmd scripting variables: `$(name)` in a script is replaced by its value before the script is
// sent to the server, as `sqlcmd -v name=value` does. An unset variable is an error, as in sqlcmd.

export function applySqlcmdVariables(script: string, variables: Record<string, string>): string {
  return script.replace(/\$\((\w+)\)/g, (_, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`sqlcmd variable $(${name}) is not defined`);
    return value;
  });
}
