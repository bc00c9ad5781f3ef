namespace Pipeline.Api.Features.Calendar;

public sealed record CalendarDayInput(bool? IsWorkingDay, string? Name) : ICheckedRequest
{
    public void Check(Checks checks, DateOnly today) => checks.Required("isWorkingDay", IsWorkingDay).Text("name", Name, 100);
}

/// <summary>The holiday calendar (节假日与调休) behind every deadline counted in working days.</summary>
public static class CalendarEndpoints
{
    public static void MapCalendar(this RouteGroupBuilder api)
    {
        var calendar = api.MapGroup("/calendar").WithTags("Calendar");
        calendar.MapGet("", List).WithSummary("查询工作日历");
        calendar.MapPut("/{day}", Put).WithSummary("设置节假日或调休工作日").RequireAuthorization(Policies.Admin);
        calendar.MapDelete("/{day}", Clear).WithSummary("恢复为普通日").RequireAuthorization(Policies.Admin);
    }

    private static async Task<Ok<IReadOnlyList<CalendarDayDto>>> List(int? year, [AsParameters] ApiContext ctx)
    {
        var from = new DateOnly(year ?? ctx.Clock.Today.Year, 1, 1);
        await using var session = await ctx.Db.OpenAsync(ctx.Ct);
        return TypedResults.Ok(await CalendarStore.DaysAsync(session, from, from.AddYears(1)));
    }

    /// <summary>Marks a date as a holiday (<c>isWorkingDay: false</c>) or a worked weekend (调休, <c>true</c>).</summary>
    private static async Task<Ok<CalendarDayDto>> Put(DateOnly day, CalendarDayInput request, [AsParameters] ApiContext ctx)
    {
        var (working, name) = (request.IsWorkingDay!.Value, request.Name?.Trim());
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var before = await MarkedAsync(session, day);
        await CalendarStore.PutAsync(session, day, working, name);
        var marked = new CalendarDayDto { Day = day, IsWorkingDay = working, Name = name };
        await ctx.Audit.WriteAsync(session, "set", "calendarDay", Key(day), AuditLog.Changes(before, marked, []));
        await session.CommitAsync();
        return TypedResults.Ok(marked);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Clear(DateOnly day, [AsParameters] ApiContext ctx)
    {
        await using var session = await ctx.Db.BeginAsync(ctx.Ct);
        var before = await MarkedAsync(session, day);
        if (!await CalendarStore.ClearAsync(session, day))
        {
            return Problems.NotFound(Words.Format(Messages.CalendarOrdinaryDay, day));
        }

        await ctx.Audit.WriteAsync(session, "clear", "calendarDay", Key(day), AuditLog.Changes(before, null, []));
        await session.CommitAsync();
        return TypedResults.NoContent();
    }

    private static async Task<CalendarDayDto?> MarkedAsync(DbSession session, DateOnly day) =>
        (await CalendarStore.DaysAsync(session, day, day.AddDays(1))).SingleOrDefault();

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
