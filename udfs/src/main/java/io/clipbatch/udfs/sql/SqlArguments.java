package io.clipbatch.udfs.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;

/**
 * A SQL function's arguments as its builder receives them at analysis time: resolved expressions,
 * the constant ones read on the driver with {@code eval(null)}. Every mistake is one sentence that
 * names the function and the argument.
 */
final class SqlArguments {
    private final String function;
    private final List<Expression> args;

    /** Refuses a call with fewer than {@code min} or more than {@code max} arguments, showing {@code signature}. */
    SqlArguments(String function, List<Expression> args, int min, int max, String signature) {
        this.function = function;
        this.args = args;
        if (args.size() < min || args.size() > max) {
            throw mistake("takes " + (min == max ? String.valueOf(min) : min + " or " + max) + " arguments "
                    + function + signature + ", not " + args.size());
        }
    }

    int count() {
        return args.size();
    }

    Expression get(int index) {
        return args.get(index);
    }

    /** A string known before the query runs, such as a model path; not null. */
    String constantString(int index, String name) {
        Expression arg = constant(index, name);
        if (!(arg.dataType() instanceof StringType)) {
            throw mistake(name + " must be a string, not " + arg.dataType().simpleString());
        }
        Object value = arg.eval(null);
        if (value == null) {
            throw mistake(name + " must not be null");
        }
        return value.toString();
    }

    /** A constant {@code map<string,string>}, such as {@code map('top_k', '3')}, in its written order. */
    Map<String, String> constantStringMap(int index, String name) {
        Expression arg = constant(index, name);
        if (!(arg.dataType() instanceof MapType map && map.keyType() instanceof StringType
                && map.valueType() instanceof StringType)) {
            throw mistake(name + " must be a map<string,string>, such as map('top_k', '3'), not "
                    + arg.dataType().simpleString());
        }
        MapData value = (MapData) arg.eval(null);
        Map<String, String> entries = new LinkedHashMap<>();
        if (value == null) {
            return entries;
        }
        ArrayData keys = value.keyArray();
        ArrayData values = value.valueArray();
        for (int i = 0; i < value.numElements(); i++) {
            if (values.isNullAt(i)) {
                throw mistake(name + " has a null value for '" + keys.getUTF8String(i) + "'");
            }
            entries.put(keys.getUTF8String(i).toString(), values.getUTF8String(i).toString());
        }
        return entries;
    }

    /** The argument, checked to be of {@code type}: one sentence naming what it is otherwise. */
    Expression ofType(int index, String name, String expected, boolean matches) {
        Expression arg = args.get(index);
        if (!matches) {
            throw mistake(name + " must be " + expected + ", not " + arg.dataType().simpleString());
        }
        return arg;
    }

    /** The user's mistake in calling this function, as one sentence that Spark reports at analysis time. */
    IllegalArgumentException mistake(String problem) {
        return new IllegalArgumentException(function + ": " + problem);
    }

    private Expression constant(int index, String name) {
        Expression arg = args.get(index);
        if (!arg.foldable()) {
            throw mistake(name + " must be a constant, not " + arg.sql());
        }
        return arg;
    }
}
