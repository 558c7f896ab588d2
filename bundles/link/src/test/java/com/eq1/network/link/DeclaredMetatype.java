package com.eq1.network.link;

import com.sun.source.util.JavacTask;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.ToolProvider;
import org.osgi.service.metatype.annotations.AttributeDefinition;

/**
 * The metatype a configuration annotation declares, read from its compiled class file the way bnd
 * reads it to write {@code OSGI-INF/metatype/*.xml} (which exists only inside the jar, after the
 * tests). {@code @AttributeDefinition} is kept in the class file but not at run time, so reflection
 * cannot see it; the compiler's element API can.
 */
public final class DeclaredMetatype {

  /**
   * One attribute as the metatype XML carries it.
   *
   * @param id the configuration key ({@code eq1_name()} is {@code eq1.name})
   * @param type the metatype type: {@code String}, {@code Integer}, {@code Long}, {@code Boolean}
   *     or {@code Password}
   * @param required the {@code required} flag
   * @param defaultValue the default as written in the XML, or {@code null} for none; an empty
   *     string is no default for Felix's metatype either
   * @param min the {@code min} bound, or {@code null}
   * @param max the {@code max} bound, or {@code null}
   * @param options the option values, empty if any value of the type is allowed
   */
  public record Attribute(
      String id,
      String type,
      boolean required,
      String defaultValue,
      String min,
      String max,
      List<String> options) {

    public boolean hasDefault() {
      return defaultValue != null && !defaultValue.isEmpty();
    }

    public boolean numeric() {
      return type.equals("Integer") || type.equals("Long");
    }
  }

  private DeclaredMetatype() {}

  /**
   * Reads the attributes of a configuration annotation, in declaration order.
   *
   * @param config the annotation annotated with {@code @ObjectClassDefinition}
   * @return the attributes by key
   */
  public static Map<String, Attribute> of(Class<?> config) {
    Set<String> classPath = new LinkedHashSet<>();
    classPath.add(location(config));
    classPath.add(location(AttributeDefinition.class));
    for (var method : config.getDeclaredMethods()) {
      if (!method.getReturnType().isPrimitive() && method.getReturnType() != String.class) {
        classPath.add(location(method.getReturnType()));
      }
    }
    JavacTask task =
        (JavacTask)
            ToolProvider.getSystemJavaCompiler()
                .getTask(
                    null,
                    null,
                    diagnostic -> {}, // e.g. classes named by the annotations' own annotations
                    List.of("-proc:none", "-classpath", String.join(File.pathSeparator, classPath)),
                    null,
                    List.of());
    TypeElement type = task.getElements().getTypeElement(config.getName());
    Map<String, Attribute> attributes = new LinkedHashMap<>();
    for (Element element : type.getEnclosedElements()) {
      if (element instanceof ExecutableElement method) {
        Attribute attribute = attribute(method);
        attributes.put(attribute.id(), attribute);
      }
    }
    return attributes;
  }

  private static Attribute attribute(ExecutableElement method) {
    Map<String, Object> declared = new LinkedHashMap<>();
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      if (mirror
          .getAnnotationType()
          .toString()
          .equals(AttributeDefinition.class.getCanonicalName())) {
        mirror.getElementValues().forEach((k, v) -> declared.put(k.getSimpleName().toString(), v));
      }
    }
    TypeMirror returned = method.getReturnType();
    List<String> options = new ArrayList<>();
    if (declared.get("options") instanceof AnnotationValue list) {
      for (Object option : (List<?>) list.getValue()) {
        options.add(element((AnnotationMirror) ((AnnotationValue) option).getValue(), "value"));
      }
    } else if (isEnum(returned)) {
      for (Element constant : ((DeclaredType) returned).asElement().getEnclosedElements()) {
        if (constant.getKind() == ElementKind.ENUM_CONSTANT) {
          options.add(constant.getSimpleName().toString());
        }
      }
    }
    AnnotationValue fallback = method.getDefaultValue();
    return new Attribute(
        method.getSimpleName().toString().replace("__", "\0").replace('_', '.').replace('\0', '_'),
        declared.get("type") instanceof AnnotationValue t
            ? typeName(((VariableElement) t.getValue()).getSimpleName().toString())
            : typeOf(returned),
        !(declared.get("required") instanceof AnnotationValue r) || (Boolean) r.getValue(),
        fallback == null ? null : text(fallback.getValue()),
        declared.get("min") instanceof AnnotationValue min ? (String) min.getValue() : null,
        declared.get("max") instanceof AnnotationValue max ? (String) max.getValue() : null,
        List.copyOf(options));
  }

  private static String element(AnnotationMirror mirror, String name) {
    return mirror.getElementValues().entrySet().stream()
        .filter(e -> e.getKey().getSimpleName().contentEquals(name))
        .map(e -> (String) e.getValue().getValue())
        .findFirst()
        .orElseThrow();
  }

  private static boolean isEnum(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && ((DeclaredType) type).asElement().getKind() == ElementKind.ENUM;
  }

  private static String typeOf(TypeMirror type) {
    return switch (type.getKind()) {
      case INT -> "Integer";
      case LONG -> "Long";
      case BOOLEAN -> "Boolean";
      default -> "String"; // String and enums
    };
  }

  /** {@code AttributeType.PASSWORD} is {@code Password} in the XML, and so on. */
  private static String typeName(String constant) {
    return constant.charAt(0) + constant.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  private static String text(Object value) {
    return value instanceof VariableElement constant
        ? constant.getSimpleName().toString()
        : String.valueOf(value);
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
