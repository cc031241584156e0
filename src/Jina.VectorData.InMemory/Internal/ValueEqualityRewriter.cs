using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace Jina.VectorData.InMemory.Internal;

/// <summary>
/// Rewrites <c>==</c> and <c>!=</c> between collections (<c>r.Tags == new[] { "a", "b" }</c>) or between values typed
/// <see cref="object"/> (<c>r["Tags"] == tags</c>) into value equality, element by element for collections.
/// </summary>
/// <remarks>
/// The store keeps copies of what was written, so a reference comparison against a stored array or list never matches, and one
/// against a stored string matches only by the accident of interning. A database compares values; so does a filter here.
/// </remarks>
internal sealed class ValueEqualityRewriter : ExpressionVisitor
{
    private static readonly MethodInfo ValuesEqualMethod =
        typeof(ValueEqualityRewriter).GetMethod(nameof(ValuesEqual), BindingFlags.Static | BindingFlags.NonPublic)!;

    private static readonly ValueEqualityRewriter Instance = new();

    /// <summary>Returns <paramref name="lambda"/> with its reference comparisons replaced by value comparisons.</summary>
    public static LambdaExpression Rewrite(LambdaExpression lambda) => (LambdaExpression)Instance.Visit(lambda);

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType is not (ExpressionType.Equal or ExpressionType.NotEqual) || node.Method is not null ||
            !(ComparesByReference(node.Left.Type) || ComparesByReference(node.Right.Type)))
        {
            return base.VisitBinary(node);
        }

        var left = Visit(node.Left);
        var right = Visit(node.Right);
        Expression equal = Expression.Call(
            ValuesEqualMethod,
            Expression.Convert(left, typeof(object)),
            Expression.Convert(right, typeof(object)));
        return node.NodeType == ExpressionType.Equal ? equal : Expression.Not(equal);
    }

    // Strings have their own ==, and value types compare by value already.
    private static bool ComparesByReference(Type type) =>
        type == typeof(object) || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type));

    private static bool ValuesEqual(object? left, object? right)
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null)
        {
            return false;
        }

        if (left is IEnumerable leftItems and not string && right is IEnumerable rightItems and not string)
        {
            var l = leftItems.GetEnumerator();
            var r = rightItems.GetEnumerator();
            while (true)
            {
                bool moreLeft = l.MoveNext();
                if (moreLeft != r.MoveNext())
                {
                    return false;
                }

                if (!moreLeft)
                {
                    return true;
                }

                if (!Equals(l.Current, r.Current))
                {
                    return false;
                }
            }
        }

        return left.Equals(right);
    }
}
