using System.Collections;
using System.Linq.Expressions;
using Microsoft.Extensions.VectorData.ProviderServices;
using Microsoft.Extensions.VectorData.ProviderServices.Filter;

namespace Jina.SemanticKernel.Tests.Connectors;

/// <summary>
/// Translates a filter the way the connectors' translators do (MEVD's preprocessing, then property-versus-constant comparisons,
/// AND, OR, NOT, Contains) into a predicate over stored rows, refusing what the connector's rules refuse. Anything else is a
/// <see cref="NotSupportedException"/>, as in the connectors: a filter that calls methods on the record never reaches a database.
/// </summary>
public sealed class ConnectorFilterTranslator(ConnectorRules rules) : FilterTranslatorBase
{
    public Func<IReadOnlyDictionary<string, object?>, bool> Translate(LambdaExpression filter, CollectionModel model)
    {
        var body = PreprocessFilter(filter, model, new FilterPreprocessingOptions());
        return Translate(body);
    }

    private Func<IReadOnlyDictionary<string, object?>, bool> Translate(Expression node)
    {
        switch (node)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso } and:
            {
                var left = Translate(and.Left);
                var right = Translate(and.Right);
                return row => left(row) && right(row);
            }

            case BinaryExpression { NodeType: ExpressionType.OrElse } or:
            {
                var left = Translate(or.Left);
                var right = Translate(or.Right);
                return row => left(row) || right(row);
            }

            case UnaryExpression { NodeType: ExpressionType.Not } not:
            {
                rules.ValidateNot(not.Operand);
                var operand = Translate(not.Operand);
                return row => !operand(row);
            }

            case UnaryExpression { NodeType: ExpressionType.Convert } convert when Nullable.GetUnderlyingType(convert.Type) == convert.Operand.Type:
                return Translate(convert.Operand);

            case BinaryExpression comparison when comparison.NodeType is ExpressionType.Equal or ExpressionType.NotEqual
                or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual:
                return TranslateComparison(comparison);

            case ConstantExpression { Value: true }:
                return _ => true;

            case MethodCallExpression call when TryMatchContains(call, out var source, out var item):
                return TranslateContains(source, item);

            case Expression when node.Type == typeof(bool) && TryBindProperty(node, out var flag):
                rules.ValidateFilterProperty(flag);
                return row => row.TryGetValue(flag.StorageName, out var value) && value is true;

            default:
                throw new NotSupportedException($"{rules.Name} does not support this filter expression: {node}");
        }
    }

    private Func<IReadOnlyDictionary<string, object?>, bool> TranslateComparison(BinaryExpression comparison)
    {
        var kind = comparison.NodeType;
        PropertyModel? property;
        object? constant;
        if (TryBindProperty(Unwrap(comparison.Left), out property) && TryGetConstant(comparison.Right, out constant))
        {
        }
        else if (TryBindProperty(Unwrap(comparison.Right), out property) && TryGetConstant(comparison.Left, out constant))
        {
            kind = kind switch
            {
                ExpressionType.GreaterThan => ExpressionType.LessThan,
                ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
                ExpressionType.LessThan => ExpressionType.GreaterThan,
                ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
                _ => kind,
            };
        }
        else
        {
            throw new NotSupportedException($"{rules.Name} compares a property with a constant only: {comparison}");
        }

        rules.ValidateFilterProperty(property);
        rules.ValidateComparison(kind, property, constant);
        string name = property.StorageName;
        return row =>
        {
            row.TryGetValue(name, out var value);
            if (kind is ExpressionType.Equal)
            {
                return ValuesEqual(value, constant);
            }

            if (kind is ExpressionType.NotEqual)
            {
                return !ValuesEqual(value, constant);
            }

            if (value is null || constant is null)
            {
                return false;
            }

            int order = Comparer<object>.Default.Compare(value, Convert.ChangeType(constant, value.GetType(), System.Globalization.CultureInfo.InvariantCulture));
            return kind switch
            {
                ExpressionType.GreaterThan => order > 0,
                ExpressionType.GreaterThanOrEqual => order >= 0,
                ExpressionType.LessThan => order < 0,
                _ => order <= 0,
            };
        };
    }

    private Func<IReadOnlyDictionary<string, object?>, bool> TranslateContains(Expression source, Expression item)
    {
        if (TryBindProperty(Unwrap(source), out var tags) && TryGetConstant(item, out var tag))
        {
            rules.ValidateFilterProperty(tags);
            return row => row.TryGetValue(tags.StorageName, out var value) && value is IEnumerable values && values.Cast<object?>().Any(v => ValuesEqual(v, tag));
        }

        if (TryBindProperty(Unwrap(item), out var property) && TryGetConstant(source, out var list) && list is IEnumerable candidates)
        {
            rules.ValidateFilterProperty(property);
            var set = candidates.Cast<object?>().ToList();
            return row => row.TryGetValue(property.StorageName, out var value) && set.Any(c => ValuesEqual(value, c));
        }

        throw new NotSupportedException($"{rules.Name} supports Contains over a tag property or a constant list only.");
    }

    private static Expression Unwrap(Expression expression) =>
        expression is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : expression;

    private static bool TryGetConstant(Expression expression, out object? value)
    {
        switch (Unwrap(expression))
        {
            case ConstantExpression constant:
                value = constant.Value;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private static bool ValuesEqual(object? stored, object? constant)
    {
        if (stored is null || constant is null)
        {
            return stored is null && constant is null;
        }

        if (stored.GetType() != constant.GetType() && constant is IConvertible && stored is IConvertible)
        {
            constant = Convert.ChangeType(constant, stored.GetType(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return stored.Equals(constant);
    }
}
