using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>
/// Rewrites a lambda over a record (<c>r =&gt; r.Category == "x"</c>, or <c>r =&gt; (string)r["Category"] == "x"</c> for dynamic
/// records) into a lambda over a stored row (<c>object?[]</c>), so filters and orderings run on the stored values without
/// materializing a record per row.
/// </summary>
/// <remarks>When the lambda uses the record in another way (passes it to a method, reads an unmapped or a vector property), the rewrite fails and the caller falls back to materializing records.</remarks>
internal sealed class RowExpressionRewriter : ExpressionVisitor
{
    private readonly ParameterExpression _record;
    private readonly Dictionary<string, int> _slots;
    private bool _failed;

    private RowExpressionRewriter(ParameterExpression record, Dictionary<string, int> slots)
    {
        _record = record;
        _slots = slots;
    }

    public ParameterExpression Row { get; } = Expression.Parameter(typeof(object[]), "row");

    /// <summary>Rewrites <paramref name="lambda"/>'s body to read from a row; returns <see langword="null"/> when it cannot.</summary>
    public static LambdaExpression? TryRewrite(LambdaExpression lambda, Dictionary<string, int> slots, Type delegateType)
    {
        var rewriter = new RowExpressionRewriter(lambda.Parameters[0], slots);
        var body = rewriter.Visit(lambda.Body);
        return rewriter._failed ? null : Expression.Lambda(delegateType, body, rewriter.Row);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (node.Expression == _record)
        {
            if (node.Member is PropertyInfo && _slots.TryGetValue(node.Member.Name, out var slot))
            {
                return Read(slot, node.Type);
            }

            _failed = true;
            return node;
        }

        return base.VisitMember(node);
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Object == _record && node.Method.Name == "get_Item" && node.Arguments.Count == 1)
        {
            if (TryGetConstantString(node.Arguments[0], out var name))
            {
                if (_slots.TryGetValue(name, out var slot))
                {
                    return Read(slot, node.Type);
                }

                // A dynamic record's indexer names a property the collection does not have: a database refuses such a filter, and so
                // does this store, instead of a KeyNotFoundException from whichever row the filter is first evaluated on.
                if (_record.Type == typeof(Dictionary<string, object?>))
                {
                    throw new InvalidOperationException(
                        $"The filter reads '{name}', which is not a key or data property of the collection. Filters can read: {string.Join(", ", _slots.Keys)}.");
                }
            }

            _failed = true;
            return node;
        }

        return base.VisitMethodCall(node);
    }

    protected override Expression VisitParameter(ParameterExpression node)
    {
        // Any use of the record not handled above needs the record itself.
        if (node == _record)
        {
            _failed = true;
        }

        return node;
    }

    // row[slot] typed as the property: a value type reads as its default when the stored value is null or of another type,
    // so a row written through a dynamic view never throws inside a typed filter.
    private BinaryExpression ReadSlot(int slot) => Expression.ArrayIndex(Row, Expression.Constant(slot));

    private Expression Read(int slot, Type type)
    {
        var value = ReadSlot(slot);
        if (type == typeof(object))
        {
            return value;
        }

        return type.IsValueType
            ? Expression.Condition(Expression.TypeIs(value, type), Expression.Convert(value, type), Expression.Default(type))
            : Expression.TypeAs(value, type);
    }

    private static bool TryGetConstantString(Expression expression, out string name)
    {
        switch (expression)
        {
            case ConstantExpression { Value: string text }:
                name = text;
                return true;

            // A captured local: r => r[propertyName].
            case MemberExpression { Expression: ConstantExpression closure, Member: FieldInfo field }
                when Attribute.IsDefined(closure.Type, typeof(CompilerGeneratedAttribute)) && field.GetValue(closure.Value) is string captured:
                name = captured;
                return true;

            default:
                name = string.Empty;
                return false;
        }
    }
}
