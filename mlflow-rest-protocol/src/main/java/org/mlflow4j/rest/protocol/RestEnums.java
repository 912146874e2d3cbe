package org.mlflow4j.rest.protocol;

import org.mlflow4j.entity.RunStatus;
import org.mlflow4j.entity.ViewType;

/** Enum lookups by proto number that answer null for an unknown number. Stateless. */
final class RestEnums {
  private RestEnums() {}

  static RunStatus runStatus(int number) {
    for (RunStatus s : RunStatus.values()) {
      if (s.number() == number) {
        return s;
      }
    }
    return null;
  }

  static ViewType viewType(int number) {
    for (ViewType v : ViewType.values()) {
      if (v.number() == number) {
        return v;
      }
    }
    return null;
  }
}
