package io.mshield;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the public API free of third-party types: every type that appears in an exported
 * signature of sdk-api is a JDK type or one of ours.
 */
class ApiSurfaceTest {

    static Path classesDir() throws URISyntaxException {
        return Path.of(ShieldException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        try (InputStream in = Files.newInputStream(classesDir().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    static List<Class<?>> exportedPublicClasses() throws Exception {
        Set<String> exported = descriptor().exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        Path root = classesDir();
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class")
                    && !f.endsWith("package-info.class")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replace('\\', '.');
                name = name.substring(0, name.length() - ".class".length());
                String pkg = name.substring(0, name.lastIndexOf('.'));
                if (exported.contains(pkg)) {
                    Class<?> c = Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
                    if (isVisible(c)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static boolean isVisible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    @Test
    @DisplayName("module io.mshield.api exports no internal package and requires nothing but java.base")
    void moduleDescriptorIsClean() throws Exception {
        ModuleDescriptor d = descriptor();
        assertThat(d.name()).isEqualTo("io.mshield.api");
        assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).noneMatch(p -> p.contains("internal"));
        assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name).containsOnly("java.base");
    }

    @Test
    @DisplayName("no third-party type appears in an exported sdk-api signature")
    void exportedSignaturesUseOnlyJdkAndOwnTypes() throws Exception {
        List<Class<?>> classes = exportedPublicClasses();
        assertThat(classes).as("exported classes found").hasSizeGreaterThan(20);
        Set<String> offenders = new TreeSet<>();
        for (Class<?> c : classes) {
            check(c.getName() + " extends", c.getGenericSuperclass(), offenders);
            for (Type t : c.getGenericInterfaces()) {
                check(c.getName() + " implements", t, offenders);
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(c.getName() + "." + f.getName(), f.getGenericType(), offenders);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic()) {
                    checkExecutable(c.getName() + "." + m.getName(), m, offenders);
                    check(c.getName() + "." + m.getName() + " returns", m.getGenericReturnType(), offenders);
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    checkExecutable(c.getName() + ".<init>", k, offenders);
                }
            }
        }
        assertThat(offenders).as("signatures exposing third-party types").isEmpty();
    }

    @Test
    @DisplayName("the checker itself flags a third-party type")
    void checkerFlagsForeignTypes() {
        Set<String> offenders = new TreeSet<>();
        check("probe", org.junit.jupiter.api.Test.class, offenders);
        check("ok", java.util.List.class, offenders);
        assertThat(offenders).containsExactly("probe: org.junit.jupiter.api.Test");
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void checkExecutable(String where, Executable e, Set<String> offenders) {
        for (Type t : e.getGenericParameterTypes()) {
            check(where + " parameter", t, offenders);
        }
        for (Type t : e.getGenericExceptionTypes()) {
            check(where + " throws", t, offenders);
        }
    }

    private static void check(String where, Type type, Set<String> offenders) {
        if (type == null) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            String n = c.getName();
            if (!c.isPrimitive() && !n.startsWith("java.") && !n.startsWith("io.mshield.")) {
                offenders.add(where + ": " + n);
            }
        } else if (type instanceof ParameterizedType p) {
            check(where, p.getRawType(), offenders);
            for (Type a : p.getActualTypeArguments()) {
                check(where, a, offenders);
            }
        } else if (type instanceof GenericArrayType g) {
            check(where, g.getGenericComponentType(), offenders);
        } else if (type instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(where, b, offenders);
            }
            for (Type b : w.getLowerBounds()) {
                check(where, b, offenders);
            }
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                check(where, b, offenders);
            }
        }
    }
}
