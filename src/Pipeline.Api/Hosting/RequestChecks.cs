using System.Reflection;

namespace Pipeline.Api.Hosting;

/// <summary>A request body that checks its own fields; <see cref="RequestChecks"/> runs it before the handler.</summary>
public interface ICheckedRequest
{
    /// <summary>Adds a field error for every problem; <paramref name="today"/> is the city's date, for "not in the future".</summary>
    void Check(Checks checks, DateOnly today);
}

/// <summary>
/// The checks every write shares, applied to each endpoint whose handler needs them: the request body's own field checks
/// (400 with every problem) and a usable <c>If-Match</c> (428, 400). The handler then starts from a valid request.
/// </summary>
public static class RequestChecks
{
    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters();
        var checkedAt = Indexes(parameters, p => typeof(ICheckedRequest).IsAssignableFrom(p.ParameterType));
        var ifMatchAt = Indexes(parameters, p => p.ParameterType == typeof(IfMatch));
        if (checkedAt.Length == 0 && ifMatchAt.Length == 0)
        {
            return next;
        }

        return async invocation =>
        {
            foreach (var i in ifMatchAt)
            {
                if (invocation.Arguments[i] is IfMatch { Problem: { } problem })
                {
                    return problem;
                }
            }

            if (checkedAt.Length > 0)
            {
                var checks = new Checks();
                var today = invocation.HttpContext.RequestServices.GetRequiredService<BusinessClock>().Today;
                foreach (var i in checkedAt)
                {
                    (invocation.Arguments[i] as ICheckedRequest)?.Check(checks, today);
                }

                if (!checks.Ok)
                {
                    return checks.Problem();
                }
            }

            return await next(invocation);
        };
    }

    private static int[] Indexes(ParameterInfo[] parameters, Func<ParameterInfo, bool> wanted) =>
        parameters.Select((p, i) => (p, i)).Where(x => wanted(x.p)).Select(x => x.i).ToArray();
}
