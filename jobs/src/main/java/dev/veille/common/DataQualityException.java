package dev.veille.common;

/** The input failed a data-quality gate (exit code 3), e.g. too many bad records in one file. */
public class DataQualityException extends VeilleException {
  public DataQualityException(String message) {
    super(ExitCodes.DATA_QUALITY, message);
  }
}
