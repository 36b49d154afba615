package autoencoderj.export;

import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

/** The ONNX schema's small messages: a float32 tensor's type and shape, and operator attributes. */
final class OnnxProtos {

	private OnnxProtos() {}

	static Onnx.ValueInfoProto value(final String name, final Object[] shape) {
		final Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
		for (final Object d : shape)
			s.addDim(d instanceof String ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(
				(String) d) : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d)
					.longValue()));
		return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
			.setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(
				Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
	}

	static Onnx.AttributeProto ints(final String name, final int[] values) {
		final Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(
			Onnx.AttributeProto.AttributeType.INTS);
		for (final int v : values)
			a.addInts(v);
		return a.build();
	}

	static Onnx.AttributeProto attr(final String name, final long value) {
		return Onnx.AttributeProto.newBuilder().setName(name).setType(
			Onnx.AttributeProto.AttributeType.INT).setI(value).build();
	}

	static Onnx.AttributeProto text(final String name, final String value) {
		return Onnx.AttributeProto.newBuilder().setName(name).setType(
			Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(value)).build();
	}
}
