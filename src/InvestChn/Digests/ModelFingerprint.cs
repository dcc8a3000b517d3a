using System.Collections;
using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Linq.Expressions;
using System.Reflection;

namespace InvestChn.Digests;

/// <summary>
/// Everything a template can read from a model, as a list of values: two models with equal lists
/// render the same digest. Every public property is read, whatever the model types gain later, so a
/// new field can never be left out of the comparison. The values are kept, not copied: the strings
/// of one edition's articles are the same objects in every model, so comparing two lists is mostly
/// comparing references.
/// </summary>
internal sealed class ModelFingerprint : IEquatable<ModelFingerprint>
{
    private const int MaxDepth = 12;

    /// <summary>Markers of structure, so no two different shapes list the same values.</summary>
    private static readonly object Null = new(), Open = new(), Close = new(), ListOpen = new(), ListClose = new();

    /// <summary>Each model type's readable public properties, as compiled getters in declaration order.</summary>
    private static readonly ConcurrentDictionary<Type, (string Name, Func<object, object?> Get)[]> Getters = new();

    private readonly List<object> _values = new(256);
    private int _hash;

    /// <summary>Adds <paramref name="value"/> (without the top-level properties named in <paramref name="skip"/>); false when it holds something that cannot be compared (then nothing may be shared).</summary>
    public bool TryAdd(object? value, IReadOnlySet<string>? skip = null) => Add(value, skip, 0);

    private static readonly ConditionalWeakTable<object, ModelFingerprint> Listed = [];

    /// <summary>Stands for a read-only list that holds something that cannot be compared.</summary>
    private static readonly ModelFingerprint Unlistable = new();

    private bool Add(object? value, IReadOnlySet<string>? skip, int depth, bool memo = true)
    {
        switch (value)
        {
            case null:
                Push(Null);
                return true;
            case string:
            case Uri:
                Push(value);
                return true;
            case DateTimeOffset time:
                // A DateTimeOffset equals another at the same instant whatever its offset; templates show the offset.
                Push((time.UtcTicks, time.Offset.Ticks));
                return true;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || value is decimal or DateTime or TimeSpan or Guid or DateOnly or TimeOnly)
        {
            Push(value);
            return true;
        }

        if (depth >= MaxDepth || type.IsValueType)
        {
            // Too deep to be a model, or a struct whose equality means nothing known.
            return false;
        }

        if (memo && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ReadOnlyCollection<>))
        {
            // A read-only list (the composer hands every recipient of the same articles the same
            // one, and never changes it): its values are listed once and then compared by reference.
            var listed = Listed.GetValue(value, static list =>
            {
                var inner = new ModelFingerprint();
                return inner.Add(list, null, 1, memo: false) ? inner : Unlistable;
            });
            if (listed == Unlistable)
            {
                return false;
            }

            Push(listed);
            return true;
        }

        if (value is IEnumerable items)
        {
            Push(ListOpen);
            foreach (var item in items)
            {
                if (!Add(item, null, depth + 1))
                {
                    return false;
                }
            }

            Push(ListClose);
            return true;
        }

        Push(Open);
        foreach (var (name, get) in Getters.GetOrAdd(type, GettersOf))
        {
            if (skip is not null && skip.Contains(name))
            {
                continue;
            }

            if (!Add(get(value), null, depth + 1))
            {
                return false;
            }
        }

        Push(Close);
        return true;
    }

    private static (string Name, Func<object, object?> Get)[] GettersOf(Type type)
    {
        var instance = Expression.Parameter(typeof(object));
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetMethod!.IsPublic && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .Select(p => (p.Name, Expression.Lambda<Func<object, object?>>(
                Expression.Convert(Expression.Property(Expression.Convert(instance, type), p), typeof(object)), instance).Compile()))
            .ToArray();
    }

    private void Push(object value)
    {
        _values.Add(value);
        _hash = HashCode.Combine(_hash, HashOf(value));
    }

    private static int HashOf(object value) => value switch
    {
        // Long texts (excerpts) are told apart by their length and a few characters; equality still compares them whole.
        string { Length: > 64 } text => HashCode.Combine(text.Length, text[0], text[text.Length / 3], text[text.Length / 2], text[^1]),
        _ when value == Null || value == Open || value == Close || value == ListOpen || value == ListClose => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(value),
        _ => value.GetHashCode(),
    };

    public bool Equals(ModelFingerprint? other)
    {
        if (other is null || other._hash != _hash || other._values.Count != _values.Count)
        {
            return false;
        }

        for (var i = 0; i < _values.Count; i++)
        {
            var (mine, theirs) = (_values[i], other._values[i]);
            if (!ReferenceEquals(mine, theirs) && !mine.Equals(theirs))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ModelFingerprint);

    public override int GetHashCode() => _hash;
}
