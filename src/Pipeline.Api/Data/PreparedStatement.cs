using System.Data.Common;

namespace Pipeline.Api.Data;

/// <summary>
/// A statement compiled once and run for many rows in a session's transaction, its values bound by position. For bulk
/// work (the ledger import): compiling the same SQL for every row would cost more than running it. Each run stops with
/// the session's cancellation, as the session's other statements do.
/// </summary>
public sealed class PreparedStatement : IAsyncDisposable
{
    private readonly DbCommand _command;

    private readonly CancellationToken _ct;

    internal PreparedStatement(DbCommand command, IReadOnlyList<string> parameters, CancellationToken ct)
    {
        (_command, _ct) = (command, ct);
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }
    }

    public async Task<int> ExecuteAsync(params object?[] values)
    {
        Bind(values);
        return await _command.ExecuteNonQueryAsync(_ct);
    }

    /// <summary>The first column of the first row as a number, or null when there is no row.</summary>
    public async Task<long?> ScalarAsync(params object?[] values)
    {
        Bind(values);
        return await _command.ExecuteScalarAsync(_ct) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    /// <summary>
    /// The same values by name, for running a statement written for preparation just once through Dapper: a write record
    /// then lists its parameters and values in one place for both paths.
    /// </summary>
    public static DynamicParameters Named(IReadOnlyList<string> parameters, object?[] values)
    {
        var args = new DynamicParameters();
        for (var i = 0; i < parameters.Count; i++)
        {
            args.Add(parameters[i], values[i]);
        }

        return args;
    }

    private void Bind(object?[] values)
    {
        if (values.Length != _command.Parameters.Count)
        {
            throw new ArgumentException($"The statement takes {_command.Parameters.Count} values, not {values.Length}.", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is DateTime instant)
            {
                DapperSetup.BindInstant(_command.Parameters[i], instant);
            }
            else
            {
                _command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }
    }
}
